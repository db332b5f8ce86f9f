# Platform standards for workloads, evaluated by conftest (OPA/Rego) against
# the manifests a chart renders with its production values:
#   helm template <chart> -f <chart>/values-production.yaml | conftest test -p policies -
# The same rules as Kyverno ClusterPolicies: kyverno/ (README.md maps them).
# A workload is a Deployment (a service), a CronJob (a scheduled batch job) or
# a Job (a one-off run, e.g. a Helm hook running database migrations); the
# same rules hold for the pods of all three.
package main

import rego.v1

# The pod template of a workload, by kind.
pod_template := input.spec.template if input.kind in {"Deployment", "Job"}

pod_template := input.spec.jobTemplate.spec.template if input.kind == "CronJob"

workload if pod_template

containers contains c if {
	some c in pod_template.spec.containers
}

containers contains c if {
	some c in pod_template.spec.initContainers
}

kind := input.kind

name := input.metadata.name

# Every workload has CPU limits (every container).
deny contains msg if {
	some c in containers
	not c.resources.limits.cpu
	msg := sprintf("%s %s: container %s has no CPU limit (resources.limits.cpu)", [kind, name, c.name])
}

# Every workload has an `owner` label, on itself and on its pods (a value,
# not an empty string). A Job that a CronJob created is labelled from the
# CronJob's jobTemplate (in a cluster, where admission sees it): its CronJob
# is the workload checked.
owned(obj) if obj.metadata.labels.owner != ""

created_by_cronjob if {
	input.kind == "Job"
	some ref in input.metadata.ownerReferences
	ref.kind == "CronJob"
}

deny contains msg if {
	workload
	not owned(input)
	not created_by_cronjob
	msg := sprintf("%s %s has no 'owner' label", [kind, name])
}

deny contains msg if {
	workload
	not owned(pod_template)
	msg := sprintf("%s %s: pod template has no 'owner' label", [kind, name])
}

# Images are pinned: no ':latest' and no missing tag (which means latest).
deny contains msg if {
	some c in containers
	unpinned(c.image)
	msg := sprintf("%s %s: container %s uses unpinned image %s (':latest' or no tag)", [kind, name, c.name, c.image])
}

unpinned(image) if endswith(image, ":latest")

unpinned(image) if {
	not contains(image, "@")
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}
