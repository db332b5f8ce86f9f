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
