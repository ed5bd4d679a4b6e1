"""Offline schema validation of the deployment recipes under deploy/.

- Kubernetes (deploy/k8s/*.yaml): every object against the Kubernetes OpenAPI schemas bundled in
  the kubernetes-validate package, strict (unknown fields are errors).
- Google Cloud Run (deploy/cloudrun/*.yaml): the Service against the run.v1 API schemas of the
  discovery document shipped in google-api-python-client, strict, plus the Cloud Run rules a
  schema cannot express (one serving container, probes on its port).
- AWS (deploy/aws/*.json): each request body against botocore's service model for the call that
  takes it (ECS RegisterTaskDefinition / CreateService, ELBv2 CreateTargetGroup, Application Auto
  Scaling RegisterScalableTarget / PutScalingPolicy).
- Hugging Face Spaces (deploy/spaces/README.md): the Space's YAML front matter (Docker SDK, port).

With --self-test, it also breaks each file on purpose (an unknown field, a wrong type) and checks
that the validator rejects it, so a validator that accepts everything fails the check.

Usage: python validate_deploy.py ROOT [--self-test]
"""

import copy
import glob
import json
import os
import sys

import yaml

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
KUBERNETES_VERSION = os.environ.get("MLE4J_K8S_VERSION", "1.33.0")

AWS_CALLS = {
    "task-definition.json": ("ecs", "RegisterTaskDefinition"),
    "service.json": ("ecs", "CreateService"),
    "target-group.json": ("elbv2", "CreateTargetGroup"),
    "scalable-target.json": ("application-autoscaling", "RegisterScalableTarget"),
    "scaling-policy.json": ("application-autoscaling", "PutScalingPolicy"),
}


def rel(path):
    return os.path.relpath(path, ROOT)


# ---------------------------------------------------------------- Kubernetes
def validate_k8s(doc):
    import kubernetes_validate

    try:
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as e:
        return [f"{doc.get('kind')}/{doc.get('metadata', {}).get('name')}: {e.message} at {list(e.path)}"]
    except kubernetes_validate.utils.SchemaNotFoundError as e:
        return [f"no schema for {doc.get('apiVersion')} {doc.get('kind')}: {e}"]
    return []


# ---------------------------------------------------------------- Cloud Run (run.v1 discovery)
def run_schemas():
    import googleapiclient

    path = os.path.join(
        os.path.dirname(googleapiclient.__file__), "discovery_cache", "documents", "run.v1.json"
    )
    with open(path, encoding="utf-8") as f:
        return json.load(f)["schemas"]


TYPES = {"string": str, "boolean": bool, "object": dict, "array": list}


def check_discovery(schemas, schema, value, where, errors):
    if "$ref" in schema:
        schema = schemas[schema["$ref"]]
    kind = schema.get("type")
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            errors.append(f"{where}: expected an integer, got {value!r}")
        return
    if kind == "number":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            errors.append(f"{where}: expected a number, got {value!r}")
        return
    if kind in TYPES and not isinstance(value, TYPES[kind]):
        errors.append(f"{where}: expected {kind}, got {type(value).__name__} {value!r}")
        return
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if kind == "array":
        for i, item in enumerate(value):
            check_discovery(schemas, schema.get("items", {}), item, f"{where}[{i}]", errors)
    elif kind == "object":
        if "properties" in schema:
            for key, item in value.items():
                if key not in schema["properties"]:
                    errors.append(f"{where}: unknown field {key!r}")
                else:
                    check_discovery(schemas, schema["properties"][key], item, f"{where}.{key}", errors)
        elif "additionalProperties" in schema:
            for key, item in value.items():
                check_discovery(schemas, schema["additionalProperties"], item, f"{where}.{key}", errors)


def validate_cloud_run(doc):
    errors = []
    if doc.get("apiVersion") != "serving.knative.dev/v1" or doc.get("kind") != "Service":
        return [f"expected a serving.knative.dev/v1 Service, got {doc.get('apiVersion')} {doc.get('kind')}"]
    schemas = run_schemas()
    check_discovery(schemas, {"$ref": "Service"}, doc, "Service", errors)
    if errors:
        return errors
    spec = doc.get("spec", {}).get("template", {}).get("spec", {})
    containers = spec.get("containers", [])
    serving = [c for c in containers if c.get("ports")]
    if len(serving) != 1:
        errors.append(f"Cloud Run needs exactly one container with a port, found {len(serving)}")
        return errors
    port = serving[0]["ports"][0].get("containerPort")
    for probe in ("startupProbe", "livenessProbe"):
        get = serving[0].get(probe, {}).get("httpGet")
        if get is None:
            errors.append(f"{probe}: missing httpGet")
        elif get.get("port", port) != port:
            errors.append(f"{probe}: port {get.get('port')} is not the container port {port}")
    for limit in ("cpu", "memory"):
        if limit not in serving[0].get("resources", {}).get("limits", {}):
            errors.append(f"resources.limits.{limit} missing")
    return errors


# ---------------------------------------------------------------- AWS (botocore models)
def validate_aws(name, body):
    import botocore.session
    from botocore.validate import ParamValidator

    service, operation = AWS_CALLS[name]
    model = botocore.session.get_session().get_service_model(service)
    shape = model.operation_model(operation).input_shape
    report = ParamValidator().validate(body, shape)
    if report.has_errors():
        return [f"{service} {operation}: {line.strip()}" for line in report.generate_report().splitlines()]
    return []


# ---------------------------------------------------------------- Hugging Face Spaces
def validate_space(text):
    if not text.startswith("---\n"):
        return ["README.md must start with a YAML front matter block (---)"]
    meta = yaml.safe_load(text.split("---\n")[1])
    errors = []
    if meta.get("sdk") != "docker":
        errors.append(f"sdk must be 'docker', got {meta.get('sdk')!r}")
    port = meta.get("app_port")
    if not isinstance(port, int) or isinstance(port, bool) or not 1 <= port <= 65535:
        errors.append(f"app_port must be a port number, got {port!r}")
    for key in ("title", "emoji", "colorFrom", "colorTo"):
        if key not in meta:
            errors.append(f"front matter misses {key}")
    return errors


# ---------------------------------------------------------------- driver
def load_targets():
    targets = []
    for path in sorted(glob.glob(os.path.join(ROOT, "deploy", "k8s", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if doc:
                    targets.append((rel(path), "k8s", doc))
    for path in sorted(glob.glob(os.path.join(ROOT, "deploy", "cloudrun", "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            targets.append((rel(path), "cloudrun", yaml.safe_load(f)))
    for name in AWS_CALLS:
        path = os.path.join(ROOT, "deploy", "aws", name)
        with open(path, encoding="utf-8") as f:
            targets.append((rel(path), "aws:" + name, json.load(f)))
    space = os.path.join(ROOT, "deploy", "spaces", "README.md")
    if os.path.exists(space):
        with open(space, encoding="utf-8") as f:
            targets.append((rel(space), "space", f.read()))
    return targets


def validate(kind, doc):
    if kind == "k8s":
        return validate_k8s(doc)
    if kind == "cloudrun":
        return validate_cloud_run(doc)
    if kind.startswith("aws:"):
        return validate_aws(kind[4:], doc)
    return validate_space(doc)


def first_mapping(doc):
    """The deepest first nested dict, where an unknown field will be planted."""
    node = doc
    for key in ("spec", "template", "spec"):
        if isinstance(node, dict) and isinstance(node.get(key), dict):
            node = node[key]
    return node


def broken_variants(kind, doc):
    if kind == "space":
        yield "sdk gradio", doc.replace("sdk: docker", "sdk: gradio")
        yield "app_port text", doc.replace("app_port:", "app_port: x\nold_port:")
        return
    unknown = copy.deepcopy(doc)
    first_mapping(unknown)["notAField"] = 1
    yield "unknown field", unknown
    if kind.startswith("aws:"):
        wrong = copy.deepcopy(doc)
        key = next(k for k, v in wrong.items() if isinstance(v, str))
        wrong[key] = 12
        yield f"{key} as a number", wrong
    elif kind == "cloudrun" or doc.get("kind") == "Deployment":
        wrong = copy.deepcopy(doc)
        wrong["spec"]["template"]["spec"]["containers"][0]["ports"][0]["containerPort"] = "http"
        yield "containerPort as text", wrong


def main():
    self_test = "--self-test" in sys.argv
    targets = load_targets()
    failed = False
    counts = {}
    for path, kind, doc in targets:
        errors = validate(kind, doc)
        family = kind.split(":")[0]
        counts[family] = counts.get(family, 0) + 1
        for e in errors:
            failed = True
            print(f"validate-deploy: {path}: {e}")
        if self_test:
            for what, broken in broken_variants(kind, doc):
                if not validate(kind, broken):
                    failed = True
                    print(f"validate-deploy: self-test: {path} with {what} was accepted")
    summary = ", ".join(f"{n} {k}" for k, n in counts.items())
    if failed:
        print(f"validate-deploy: FAILED ({summary})")
        sys.exit(1)
    extra = "; each rejected when broken on purpose" if self_test else ""
    print(f"validate-deploy: OK: {summary} objects valid (Kubernetes {KUBERNETES_VERSION} strict){extra}")


if __name__ == "__main__":
    main()
