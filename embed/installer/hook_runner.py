# verse's PEP 517 / PEP 660 hook runner.
#
# Run as `python -I -B -c <this text>` with the current directory at the source tree; reads one
# JSON request on stdin:
#   {"backend": "pkg.mod:obj", "backend_path": [...], "hook": "build_wheel",
#    "args": {...}, "config_settings": {...} | null, "answer": "/path/answer.json"}
# and writes the JSON answer to request["answer"] (stdout and stderr stay the backend's own, for
# the build log):
#   {"ok": true, "value": ...}
#   {"ok": false, "kind": "missing-hook" | "backend-unavailable" | "hook-failed", "message": ..., "traceback": ...}
# Python 3.6+ syntax only: the oldest interpreter verse builds environments for.
import json
import os
import sys
import traceback


def write_answer(path, answer):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(answer, f)
    os.replace(tmp, path)


def load_backend(spec, backend_path):
    # PEP 517: backend-path entries are relative to the source tree and go first on sys.path.
    if backend_path:
        here = os.path.realpath(os.getcwd())
        for entry in reversed(backend_path):
            full = os.path.realpath(os.path.join(here, entry))
            if full != here and not full.startswith(here + os.sep):
                raise ValueError("backend-path entry %r is outside the source tree" % entry)
            sys.path.insert(0, full)
    module_name, _, attrs = spec.partition(":")
    module = __import__(module_name, fromlist=["__name__"])
    obj = module
    if attrs:
        for part in attrs.split("."):
            obj = getattr(obj, part)
    return obj


def call(backend, hook, args, settings):
    fn = getattr(backend, hook, None)
    if fn is None:
        return {"ok": False, "kind": "missing-hook", "message": "the backend has no %s hook" % hook}
    if hook in ("get_requires_for_build_wheel", "get_requires_for_build_editable", "get_requires_for_build_sdist"):
        value = list(fn(settings))
    elif hook in ("prepare_metadata_for_build_wheel", "prepare_metadata_for_build_editable"):
        value = fn(args["metadata_directory"], settings)
    elif hook in ("build_wheel", "build_editable"):
        value = fn(args["wheel_directory"], settings, args.get("metadata_directory"))
    elif hook == "build_sdist":
        value = fn(args["sdist_directory"], settings)
    else:
        return {"ok": False, "kind": "missing-hook", "message": "unknown hook %s" % hook}
    return {"ok": True, "value": value}


def main():
    request = json.loads(sys.stdin.read())
    answer_path = request["answer"]
    try:
        backend = load_backend(request["backend"], request.get("backend_path") or [])
    except Exception as e:
        write_answer(answer_path, {
            "ok": False,
            "kind": "backend-unavailable",
            "message": "%s: %s" % (type(e).__name__, e),
            "traceback": traceback.format_exc(),
        })
        return 0
    try:
        answer = call(backend, request["hook"], request.get("args") or {}, request.get("config_settings"))
    except BaseException as e:
        answer = {
            "ok": False,
            "kind": "hook-failed",
            "message": "%s: %s" % (type(e).__name__, e),
            "traceback": traceback.format_exc(),
        }
    sys.stdout.flush()
    sys.stderr.flush()
    write_answer(answer_path, answer)
    return 0


sys.exit(main())
