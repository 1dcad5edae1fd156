# verse interpreter query. Prints one JSON object describing the running interpreter.
# Written in the common subset of Python 2.7 and 3.x so that an old interpreter can at least
# report itself and be rejected with a clear message. Imports nothing outside the stdlib and
# never writes anything (verse runs it with -I -B, or -E -s -B on Python 2).
import json
import os
import platform
import re
import struct
import sys

try:
    import sysconfig
except ImportError:  # pragma: no cover - every supported Python has it
    sysconfig = None

PLACEHOLDER = "@VERSE_BASE@"


def config_var(name):
    if sysconfig is None:
        return None
    value = sysconfig.get_config_var(name)
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return str(value)


def implementation_version():
    impl = getattr(sys, "implementation", None)
    if impl is None:
        return platform.python_version()
    info = impl.version
    text = "%d.%d.%d" % (info.major, info.minor, info.micro)
    if info.releaselevel != "final":
        text += info.releaselevel[0] + str(info.serial)
    return text


def markers():
    impl = getattr(sys, "implementation", None)
    return {
        "implementation_name": impl.name if impl is not None else platform.python_implementation().lower(),
        "implementation_version": implementation_version(),
        "os_name": os.name,
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_system": platform.system(),
        "platform_version": platform.version(),
        "python_full_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "python_version": ".".join(platform.python_version_tuple()[:2]),
        "sys_platform": sys.platform,
    }


def scheme_paths(scheme, base):
    if sysconfig is None:
        return {}
    names = sysconfig.get_scheme_names()
    if scheme not in names:
        return {}
    if base is None:
        paths = sysconfig.get_paths(scheme=scheme)
    else:
        values = {"base": base, "platbase": base, "installed_base": base, "installed_platbase": base}
        paths = sysconfig.get_paths(scheme=scheme, vars=values)
    return dict((k, str(v)) for k, v in paths.items())


def default_scheme():
    if sysconfig is None:
        return None
    get = getattr(sysconfig, "get_default_scheme", None)
    if get is not None:
        return get()
    return "nt" if os.name == "nt" else "posix_prefix"


def venv_scheme():
    # The scheme `python -m venv` lays out an environment with: "venv" since 3.11
    # (Debian patches its default scheme, but not this one), posix_prefix or nt before.
    if sysconfig is not None and "venv" in sysconfig.get_scheme_names():
        return "venv"
    return "nt" if os.name == "nt" else "posix_prefix"


def glibc_version():
    confstr = getattr(os, "confstr", None)
    if confstr is None:
        return None
    try:
        text = confstr("CS_GNU_LIBC_VERSION")
    except (ValueError, OSError):
        return None
    if not text:
        return None
    parts = text.split()
    if len(parts) == 2 and parts[0] == "glibc":
        return parts[1]
    return None


def musl_version():
    if not sys.platform.startswith("linux") or glibc_version() is not None:
        return None
    import glob
    import subprocess
    for loader in sorted(glob.glob("/lib/ld-musl-*.so.1")):
        try:
            proc = subprocess.Popen([loader], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            _, err = proc.communicate()
        except OSError:
            continue
        match = re.search(r"Version\s+(\d+\.\d+)", err.decode("utf-8", "replace"))
        if match:
            return match.group(1)
    return None


def ensurepip_wheel():
    # The pip wheel `python -m ensurepip` would install: a distribution's WHEEL_PKG_DIR first
    # (Debian, Fedora), else the bundled wheel named by ensurepip's _PIP_VERSION. The module
    # source is read, not imported: importing it pulls in subprocess and tempfile.
    candidates = []
    pkg_dir = config_var("WHEEL_PKG_DIR")
    if pkg_dir and os.path.isdir(pkg_dir):
        candidates.append((pkg_dir, None))
    stdlib = sysconfig.get_paths()["stdlib"] if sysconfig is not None else None
    wanted = None
    if stdlib:
        package = os.path.join(stdlib, "ensurepip")
        try:
            handle = open(os.path.join(package, "__init__.py"))
            try:
                match = re.search(r"_PIP_VERSION\s*=\s*[\"']([^\"']+)[\"']", handle.read())
            finally:
                handle.close()
            if match:
                wanted = match.group(1)
        except (IOError, OSError):
            pass
        candidates.append((os.path.join(package, "_bundled"), wanted))
    for directory, version in candidates:
        try:
            names = sorted(n for n in os.listdir(directory) if n.startswith("pip-") and n.endswith(".whl"))
        except OSError:
            continue
        if version is not None:
            exact = [n for n in names if n.startswith("pip-" + version + "-")]
            if exact:
                return os.path.join(directory, exact[0])
        if names:
            def key(name):
                return [int(p) if p.isdigit() else 0 for p in name.split("-")[1].split(".")]
            return os.path.join(directory, sorted(names, key=key)[-1])
    return None


def base_prefix():
    return getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix))


def main():
    info = sys.version_info
    data = {
        "schema": 1,
        "version": platform.python_version(),
        "version_info": [info[0], info[1], info[2], info[3], info[4]],
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "base_executable": getattr(sys, "_base_executable", None),
        "prefix": sys.prefix,
        "base_prefix": base_prefix(),
        "exec_prefix": sys.exec_prefix,
        "base_exec_prefix": getattr(sys, "base_exec_prefix", sys.exec_prefix),
        "is_venv": sys.prefix != base_prefix(),
        "pointer_size": struct.calcsize("P") * 8,
        "max_size_64": sys.maxsize > 2 ** 32,
        "byteorder": sys.byteorder,
        "markers": markers(),
        "default_scheme": default_scheme(),
        "paths": scheme_paths(default_scheme(), None),
        "venv_scheme": venv_scheme(),
        "venv_paths": scheme_paths(venv_scheme(), PLACEHOLDER),
        "platform": sysconfig.get_platform() if sysconfig is not None else None,
        "glibc_version": glibc_version(),
        "musl_version": musl_version(),
        "mac_version": platform.mac_ver()[0] or None,
        "soabi": config_var("SOABI"),
        "ext_suffix": config_var("EXT_SUFFIX"),
        "abiflags": getattr(sys, "abiflags", None),
        "py_debug": bool(config_var("Py_DEBUG")),
        "gil_disabled": bool(config_var("Py_GIL_DISABLED")),
        "ldversion": config_var("LDVERSION"),
        "exe_suffix": config_var("EXE") or "",
        "ensurepip_wheel": ensurepip_wheel(),
    }
    sys.stdout.write(json.dumps(data))
    sys.stdout.write("\n")


main()
