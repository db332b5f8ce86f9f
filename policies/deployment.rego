# Platform standards for workloads, evaluated by conftest (OPA/Rego) against
# the manifests a chart renders with its production values:
#   helm template <chart> -f <chart>/values-production.yaml | conftest test -p policies -
package main

import rego.v1

deployment if input.kind == "Deployment"

containers contains c if {
	deployment
	some c in input.spec.template.spec.containers
}

containers contains c if {
	deployment
	some c in input.spec.template.spec.initContainers
}

name := input.metadata.name

# Every Deployment has CPU limits (every container).
deny contains msg if {
	some c in containers
	not c.resources.limits.cpu
	msg := sprintf("Deployment %s: container %s has no CPU limit (resources.limits.cpu)", [name, c.name])
}

# Every Deployment has an `owner` label, on itself and on its pods.
deny contains msg if {
	deployment
	not input.metadata.labels.owner
	msg := sprintf("Deployment %s has no 'owner' label", [name])
}

deny contains msg if {
	deployment
	not input.spec.template.metadata.labels.owner
	msg := sprintf("Deployment %s: pod template has no 'owner' label", [name])
}

# Images are pinned: no ':latest' and no missing tag (which means latest).
deny contains msg if {
	some c in containers
	unpinned(c.image)
	msg := sprintf("Deployment %s: container %s uses unpinned image %s (':latest' or no tag)", [name, c.name, c.image])
}

unpinned(image) if endswith(image, ":latest")

unpinned(image) if {
	not contains(image, "@")
	parts := split(image, "/")
	not contains(parts[count(parts) - 1], ":")
}
