package main

import rego.v1

good := {
	"kind": "Deployment",
	"metadata": {"name": "shop", "labels": {"owner": "team-checkout"}},
	"spec": {"template": {
		"metadata": {"labels": {"owner": "team-checkout"}},
		"spec": {"containers": [{
			"name": "app",
			"image": "ghcr.io/acme-commerce/shop:1.2.3",
			"resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
		}]},
	}},
}

test_good_deployment_passes if {
	count(deny) == 0 with input as good
}

test_missing_cpu_limit_denied if {
	bad := json.patch(good, [{"op": "remove", "path": "/spec/template/spec/containers/0/resources/limits/cpu"}])
	deny["Deployment shop: container app has no CPU limit (resources.limits.cpu)"] with input as bad
}

test_missing_owner_label_denied if {
	bad := json.patch(good, [{"op": "remove", "path": "/metadata/labels/owner"}])
	deny["Deployment shop has no 'owner' label"] with input as bad
}

test_empty_owner_label_denied if {
	bad := json.patch(good, [{"op": "replace", "path": "/metadata/labels/owner", "value": ""}])
	deny["Deployment shop has no 'owner' label"] with input as bad
	count(deny) == 1 with input as bad
}

test_latest_image_denied if {
	bad := json.patch(good, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "shop:latest"}])
	count(deny) == 1 with input as bad
}

test_untagged_image_denied if {
	bad := json.patch(good, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "registry:5000/shop"}])
	count(deny) == 1 with input as bad
}

test_digest_image_allowed if {
	ok := json.patch(good, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "shop@sha256:0123"}])
	count(deny) == 0 with input as ok
}

test_other_kinds_ignored if {
	count(deny) == 0 with input as {"kind": "Service", "metadata": {"name": "shop"}}
}

# A CronJob's pods are under spec.jobTemplate.spec.template.
good_cronjob := {
	"kind": "CronJob",
	"metadata": {"name": "nightly", "labels": {"owner": "team-checkout"}},
	"spec": {
		"schedule": "0 2 * * *",
		"jobTemplate": {"spec": {"template": {
			"metadata": {"labels": {"owner": "team-checkout"}},
			"spec": {"containers": [{
				"name": "job",
				"image": "ghcr.io/acme-commerce/nightly:1.2.3",
				"resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
			}]},
		}}},
	},
}

test_good_cronjob_passes if {
	count(deny) == 0 with input as good_cronjob
}

test_cronjob_missing_cpu_limit_denied if {
	bad := json.patch(good_cronjob, [{"op": "remove", "path": "/spec/jobTemplate/spec/template/spec/containers/0/resources/limits/cpu"}])
	deny["CronJob nightly: container job has no CPU limit (resources.limits.cpu)"] with input as bad
}

test_cronjob_missing_owner_labels_denied if {
	bad := json.patch(good_cronjob, [
		{"op": "remove", "path": "/metadata/labels/owner"},
		{"op": "remove", "path": "/spec/jobTemplate/spec/template/metadata/labels/owner"},
	])
	deny == {"CronJob nightly has no 'owner' label", "CronJob nightly: pod template has no 'owner' label"} with input as bad
}

test_cronjob_latest_image_denied if {
	bad := json.patch(good_cronjob, [{"op": "replace", "path": "/spec/jobTemplate/spec/template/spec/containers/0/image", "value": "nightly:latest"}])
	deny["CronJob nightly: container job uses unpinned image nightly:latest (':latest' or no tag)"] with input as bad
}

# A Job's pods are under spec.template, as a Deployment's (here a Helm hook
# running database migrations, as the db-migration golden path adds).
good_job := {
	"kind": "Job",
	"metadata": {
		"name": "shop-db-migrate",
		"labels": {"owner": "team-checkout"},
		"annotations": {"helm.sh/hook": "post-install,pre-upgrade"},
	},
	"spec": {"template": {
		"metadata": {"labels": {"owner": "team-checkout"}},
		"spec": {
			"restartPolicy": "Never",
			"containers": [{
				"name": "migrate",
				"image": "ghcr.io/acme-commerce/shop:1.2.3",
				"resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
			}],
		},
	}},
}

test_good_job_passes if {
	count(deny) == 0 with input as good_job
}

test_job_missing_cpu_limit_denied if {
	bad := json.patch(good_job, [{"op": "remove", "path": "/spec/template/spec/containers/0/resources/limits/cpu"}])
	deny == {"Job shop-db-migrate: container migrate has no CPU limit (resources.limits.cpu)"} with input as bad
}

test_job_missing_owner_labels_denied if {
	bad := json.patch(good_job, [
		{"op": "remove", "path": "/metadata/labels/owner"},
		{"op": "remove", "path": "/spec/template/metadata/labels/owner"},
	])
	deny == {"Job shop-db-migrate has no 'owner' label", "Job shop-db-migrate: pod template has no 'owner' label"} with input as bad
}

test_job_latest_image_denied if {
	bad := json.patch(good_job, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "shop:latest"}])
	deny == {"Job shop-db-migrate: container migrate uses unpinned image shop:latest (':latest' or no tag)"} with input as bad
}

# A Job its CronJob created carries the jobTemplate's labels; the CronJob is
# the workload whose owner label counts. Its pods are still checked.
test_job_of_cronjob_needs_no_owner_label_of_its_own if {
	run := json.patch(good_job, [
		{"op": "remove", "path": "/metadata/labels/owner"},
		{"op": "add", "path": "/metadata/ownerReferences", "value": [{"apiVersion": "batch/v1", "kind": "CronJob", "name": "nightly", "uid": "1"}]},
	])
	count(deny) == 0 with input as run
	bad := json.patch(run, [{"op": "remove", "path": "/spec/template/metadata/labels/owner"}])
	deny == {"Job shop-db-migrate: pod template has no 'owner' label"} with input as bad
}
