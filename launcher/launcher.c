/*
 * verse's Windows console-script launcher: <name>.exe runs a Python script with the interpreter
 * named on the script's #! line. Script format (see launcher/README.md):
 *
 *   appended:  [this launcher][\n#!<python.exe>\n][zip archive holding __main__.py]
 *              -> runs:  <python.exe> <this exe> <args...>
 *              (Python runs a zip archive given as its script, even with data before it.)
 *   beside:    <name>.exe next to <name>-script.py whose first line is #!<python.exe>
 *              -> runs:  <python.exe> <name>-script.py <args...>
 *
 * An interpreter path that is not absolute is taken relative to the launcher's directory, so a
 * relocated virtual environment keeps working. The exit code of Python is returned; Ctrl-C is
 * left to Python (the launcher ignores it while waiting).
 */
#define WIN32_LEAN_AND_MEAN
#ifndef UNICODE
#define UNICODE
#endif
#ifndef _UNICODE
#define _UNICODE
#endif
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define MAX_SHEBANG 32768

static void fail(const wchar_t *what) {
    fwprintf(stderr, L"verse launcher: %ls\n", what);
    ExitProcess(101);
}

static BOOL WINAPI ignore_ctrl(DWORD type) {
    (void)type;
    return TRUE;
}

/* Reads `len` bytes at `offset` of an open file. */
static BOOL read_at(HANDLE f, LONGLONG offset, void *buf, DWORD len) {
    LARGE_INTEGER pos;
    DWORD got = 0;
    pos.QuadPart = offset;
    if (!SetFilePointerEx(f, pos, NULL, FILE_BEGIN)) return FALSE;
    return ReadFile(f, buf, len, &got, NULL) && got == len;
}

static DWORD le32(const unsigned char *p) {
    return (DWORD)p[0] | ((DWORD)p[1] << 8) | ((DWORD)p[2] << 16) | ((DWORD)p[3] << 24);
}

/*
 * Appended form: the zip's end-of-central-directory record (the last 22 bytes, no comment) gives
 * where the archive starts; the #! line ends right before it. Returns a malloc'd UTF-8 line
 * without "#!" and the newline, or NULL.
 */
static char *appended_shebang(const wchar_t *exe) {
    HANDLE f = CreateFileW(exe, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER size;
    unsigned char eocd[22];
    char *block = NULL, *line = NULL;
    if (f == INVALID_HANDLE_VALUE) return NULL;
    if (!GetFileSizeEx(f, &size) || size.QuadPart < 22) goto done;
    if (!read_at(f, size.QuadPart - 22, eocd, 22) || le32(eocd) != 0x06054b50) goto done;
    {
        LONGLONG zip_start = size.QuadPart - 22 - (LONGLONG)le32(eocd + 12) - (LONGLONG)le32(eocd + 16);
        DWORD span = zip_start < MAX_SHEBANG ? (DWORD)zip_start : MAX_SHEBANG;
        LONGLONG i;
        if (zip_start <= 2) goto done;
        block = (char *)malloc(span + 1);
        if (!block || !read_at(f, zip_start - span, block, span)) goto done;
        block[span] = 0;
        /* The line must end with \n exactly at zip_start; strip it (and a \r). */
        if (span < 3 || block[span - 1] != '\n') goto done;
        block[--span] = 0;
        if (span > 0 && block[span - 1] == '\r') block[--span] = 0;
        for (i = (LONGLONG)span - 1; i >= 0 && block[i] != '\n'; i--) {
        }
        /* The line starts after a newline (never at the launcher's own bytes). */
        if (i < 0 || block[i + 1] != '#' || block[i + 2] != '!') goto done;
        line = _strdup(block + i + 3);
    }
done:
    free(block);
    CloseHandle(f);
    return line;
}

/* Beside form: the first line of <stem>-script.py. */
static char *beside_shebang(const wchar_t *script) {
    FILE *fp = _wfopen(script, L"rb");
    char buf[MAX_SHEBANG];
    size_t n;
    if (!fp) return NULL;
    if (!fgets(buf, sizeof buf, fp)) {
        fclose(fp);
        return NULL;
    }
    fclose(fp);
    if (buf[0] != '#' || buf[1] != '!') return NULL;
    n = strlen(buf);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) buf[--n] = 0;
    return _strdup(buf + 2);
}

/* The interpreter from a #! line (UTF-8): optionally quoted; trailing arguments are not supported. */
static wchar_t *interpreter_of(const char *shebang, const wchar_t *exe_dir) {
    char path[MAX_SHEBANG];
    wchar_t wide[MAX_SHEBANG], *full;
    const char *s = shebang;
    size_t n;
    while (*s == ' ' || *s == '\t') s++;
    if (*s == '"') {
        const char *end = strchr(s + 1, '"');
        if (!end) return NULL;
        n = (size_t)(end - s - 1);
        memcpy(path, s + 1, n);
    } else {
        n = strlen(s);
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        memcpy(path, s, n);
    }
    path[n] = 0;
    if (n == 0 || !MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, MAX_SHEBANG)) return NULL;
    full = (wchar_t *)malloc(sizeof(wchar_t) * (MAX_SHEBANG * 2));
    if (!full) return NULL;
    if ((wide[0] && wide[1] == L':') || (wide[0] == L'\\' && wide[1] == L'\\')) {
        wcscpy(full, wide);
    } else {
        _snwprintf(full, MAX_SHEBANG * 2 - 1, L"%ls\\%ls", exe_dir, wide);
        full[MAX_SHEBANG * 2 - 1] = 0;
    }
    return full;
}

/* The launcher's own arguments: the command line after argv[0] (kept verbatim, quoting included). */
static const wchar_t *rest_of_command_line(void) {
    const wchar_t *p = GetCommandLineW();
    if (*p == L'"') {
        p++;
        while (*p && *p != L'"') p++;
        if (*p) p++;
    } else {
        while (*p && *p != L' ' && *p != L'\t') p++;
    }
    while (*p == L' ' || *p == L'\t') p++;
    return p;
}

int wmain(void) {
    wchar_t exe[MAX_PATH * 4], dir[MAX_PATH * 4], script[MAX_PATH * 4 + 16];
    wchar_t *python, *cmdline, *slash;
    const wchar_t *target;
    char *shebang;
    DWORD len = GetModuleFileNameW(NULL, exe, MAX_PATH * 4), code = 1;
    size_t size;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;

    if (len == 0 || len >= MAX_PATH * 4) fail(L"cannot find its own path");
    wcscpy(dir, exe);
    slash = wcsrchr(dir, L'\\');
    if (slash) *slash = 0;

    target = exe;
    shebang = appended_shebang(exe);
    if (!shebang) {
        /* <dir>\<stem>-script.py */
        wchar_t *dot;
        wcscpy(script, exe);
        dot = wcsrchr(script, L'.');
        if (dot && dot > wcsrchr(script, L'\\')) *dot = 0;
        wcscat(script, L"-script.py");
        shebang = beside_shebang(script);
        target = script;
    }
    if (!shebang) fail(L"no script found: expected a #! line and a zip archive appended to this exe, or a <name>-script.py beside it");
    python = interpreter_of(shebang, dir);
    if (!python) fail(L"the #! line does not name an interpreter");
    if (GetFileAttributesW(python) == INVALID_FILE_ATTRIBUTES) {
        fwprintf(stderr, L"verse launcher: the interpreter %ls does not exist (was the virtual environment moved or removed?)\n", python);
        return 101;
    }

    size = wcslen(python) + wcslen(target) + wcslen(rest_of_command_line()) + 8;
    cmdline = (wchar_t *)malloc(size * sizeof(wchar_t));
    if (!cmdline) fail(L"out of memory");
    _snwprintf(cmdline, size, L"\"%ls\" \"%ls\" %ls", python, target, rest_of_command_line());
    cmdline[size - 1] = 0;

    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    memset(&pi, 0, sizeof pi);
    SetConsoleCtrlHandler(ignore_ctrl, TRUE);
    if (!CreateProcessW(python, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi)) {
        fwprintf(stderr, L"verse launcher: cannot start %ls (error %lu)\n", python, GetLastError());
        return 101;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return (int)code;
}
