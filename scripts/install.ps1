# verse installer for Windows: downloads verse.exe for this machine, checks its sha256 and puts it
# in %USERPROFILE%\.local\bin (or $env:VERSE_INSTALL_DIR). No administrator rights needed.
#
#   powershell -ExecutionPolicy ByPass -c "irm <release-url>/install.ps1 | iex"
#
# Environment (the same as install.sh):
#   VERSE_VERSION          install this version instead of the latest (e.g. 0.2.0)
#   VERSE_INSTALL_DIR      where verse.exe goes
#   VERSE_DOWNLOAD_URL     a mirror of the release downloads (<url>/latest/download/VERSION,
#                          <url>/download/v<version>/<file>)
#   VERSE_NO_MODIFY_PATH   set to 1 to leave the user PATH alone
#   GITHUB_TOKEN           sent as a bearer token over https
#
# Everything runs inside Install-Verse, called on the last line, so a truncated download runs nothing.

function Install-Verse {
    [CmdletBinding()]
    param(
        [switch]$NoModifyPath,
        [switch]$Quiet,
        [switch]$Help
    )
    Set-StrictMode -Version 3.0
    $ErrorActionPreference = 'Stop'
    $ProgressPreference = 'SilentlyContinue'

    if ($Help) {
        Write-Output 'verse installer: install.ps1 [-NoModifyPath] [-Quiet] [-Verbose]'
        Write-Output 'Environment: VERSE_VERSION, VERSE_INSTALL_DIR, VERSE_DOWNLOAD_URL, VERSE_NO_MODIFY_PATH, GITHUB_TOKEN'
        return
    }
    function Say([string]$Text) { if (-not $Quiet) { Write-Host $Text } }
    function Fail([string]$Text) { throw "error: $Text" }

    # Windows PowerShell 5.1 may default to TLS 1.0.
    try { [Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12 } catch { Write-Verbose 'TLS 1.2 not configurable' }

    # --- platform ---------------------------------------------------------------------------------
    $arch = $env:PROCESSOR_ARCHITEW6432
    if (-not $arch) { $arch = $env:PROCESSOR_ARCHITECTURE }
    switch ($arch) {
        'AMD64' { $cpu = 'x64' }
        'ARM64' { $cpu = 'arm64' }
        default { Fail "unsupported CPU architecture: $arch (verse ships x64 and arm64 builds)" }
    }
    $asset = "verse-windows-$cpu.exe"

    $base = $env:VERSE_DOWNLOAD_URL
    if (-not $base) { $base = 'https://github.com/verse-pm/verse/releases' }
    $base = $base.TrimEnd('/')
    $installDir = $env:VERSE_INSTALL_DIR
    if (-not $installDir) { $installDir = Join-Path $env:USERPROFILE '.local\bin' }
    $dataDir = Join-Path $env:LOCALAPPDATA 'verse'
    $noModify = $NoModifyPath -or ($env:VERSE_NO_MODIFY_PATH -eq '1')

    $headers = @{ 'User-Agent' = 'verse-installer' }
    function Get-Url([string]$Url, [string]$OutFile) {
        Write-Verbose "downloading $Url"
        $h = $headers.Clone()
        if ($env:GITHUB_TOKEN -and $Url.StartsWith('https://')) { $h['Authorization'] = "Bearer $env:GITHUB_TOKEN" }
        $attempt = 0
        while ($true) {
            try {
                Invoke-WebRequest -Uri $Url -OutFile $OutFile -Headers $h -UseBasicParsing
                return
            } catch {
                $attempt++
                if ($attempt -ge 3) { throw }
                Start-Sleep -Seconds 1
            }
        }
    }

    $tmp = Join-Path ([IO.Path]::GetTempPath()) ("verse-install-" + [Guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $tmp | Out-Null
    try {
        # --- version ------------------------------------------------------------------------------
        if ($env:VERSE_VERSION) {
            $version = $env:VERSE_VERSION.TrimStart('v')
        } else {
            try { Get-Url "$base/latest/download/VERSION" (Join-Path $tmp 'VERSION') }
            catch { Fail "could not read the latest version from $base (set VERSE_VERSION to pin one)" }
            $version = (Get-Content -Raw (Join-Path $tmp 'VERSION')).Trim()
        }
        if ($version -notmatch '^[0-9A-Za-z.+-]+$') { Fail "unexpected version string: '$version'" }

        # --- download and verify ------------------------------------------------------------------
        $urlDir = "$base/download/v$version"
        Say "Installing verse $version (windows-$cpu) into $installDir"
        try { Get-Url "$urlDir/SHA256SUMS" (Join-Path $tmp 'SHA256SUMS') }
        catch { Fail "could not download $urlDir/SHA256SUMS: is $version a released version?" }
        $staged = Join-Path $tmp 'verse.exe'
        try { Get-Url "$urlDir/$asset" $staged }
        catch { Fail "could not download $urlDir/$asset" }

        $expected = $null
        foreach ($line in Get-Content (Join-Path $tmp 'SHA256SUMS')) {
            $parts = $line -split '\s+', 2
            if ($parts.Count -eq 2 -and $parts[1].TrimStart('*') -eq $asset) { $expected = $parts[0].ToLowerInvariant() }
        }
        if (-not $expected) { Fail "$asset is not listed in SHA256SUMS: refusing to install it" }
        $actual = (Get-FileHash -Algorithm SHA256 -Path $staged).Hash.ToLowerInvariant()
        if ($actual -ne $expected) {
            Fail "checksum mismatch for ${asset}: expected $expected, got $actual. Nothing was installed; try again, or report it if it persists."
        }
        Write-Verbose "sha256 verified: $actual"

        & $staged --version | Out-Null
        if ($LASTEXITCODE -ne 0) { Fail "the downloaded verse.exe does not run on this machine; nothing was installed" }

        # --- install (a running verse.exe can be renamed, not overwritten) -------------------------
        New-Item -ItemType Directory -Force -Path $installDir | Out-Null
        $target = Join-Path $installDir 'verse.exe'
        if (Test-Path $target) {
            $old = "$target.old"
            Remove-Item -Force $old -ErrorAction SilentlyContinue
            Move-Item -Force $target $old
        }
        Move-Item -Force $staged $target

        # --- PATH -------------------------------------------------------------------------------------
        $pathModified = $false
        if (-not $noModify) {
            $userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
            if (-not $userPath) { $userPath = '' }
            $entries = @($userPath -split ';' | Where-Object { $_ })
            if (-not ($entries | Where-Object { $_.TrimEnd('\') -ieq $installDir.TrimEnd('\') })) {
                [Environment]::SetEnvironmentVariable('Path', (@($installDir) + $entries) -join ';', 'User')
                $pathModified = $true
            }
            if (-not (($env:Path -split ';') -contains $installDir)) { $env:Path = "$installDir;$env:Path" }
        }

        # --- receipt ------------------------------------------------------------------------------
        New-Item -ItemType Directory -Force -Path $dataDir | Out-Null
        $receipt = [ordered]@{
            version       = $version
            install_dir   = $installDir
            binary        = $target
            target        = $asset
            modify_path   = (-not $noModify)
            path_modified = $pathModified
            source        = 'install.ps1'
            download_url  = $base
        }
        $receiptJson = $receipt | ConvertTo-Json -Compress
        [IO.File]::WriteAllText((Join-Path $dataDir 'install-receipt.json'), $receiptJson + "`n")

        # --- closing check ---------------------------------------------------------------------------
        $installed = & $target --version
        if ($LASTEXITCODE -ne 0) { Fail "the installed verse.exe does not run: $target" }
        Say "Installed: $installed"
        $found = Get-Command verse -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($found -and ($found.Source -ne $target)) {
            Say "warning: another verse at $($found.Source) comes first in PATH and shadows $target"
        }
        if ($noModify) { Say "Add $installDir to your PATH to use verse." }
        elseif ($pathModified) { Say 'Restart your terminal to use verse (the user PATH was updated).' }
    } finally {
        Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
    }
}

Install-Verse @args
