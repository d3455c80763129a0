#!/usr/bin/env bash
# Refresh the vendored front-end assets from the npm registry.
# Usage: scripts/refresh-vendor.sh [NHSUK_FRONTEND_VERSION] [HTMX_VERSION]
# Keep NHSUK_FRONTEND_VERSION in step with nhsuk-frontend-jinja (see its compatibility table).
set -euo pipefail
NHSUK=${1:-10.6.1}
HTMX=${2:-2.0.11}
here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/baton/core/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack "nhsuk-frontend@$NHSUK" -q >/dev/null
npm pack "htmx.org@$HTMX" -q >/dev/null
mkdir nf hx
tar xzf nhsuk-frontend-*.tgz -C nf
tar xzf htmx.org-*.tgz -C hx
cp nf/package/dist/nhsuk/nhsuk-frontend.min.css nf/package/dist/nhsuk/nhsuk-frontend.min.js "$dest/nhsuk/"
# Drop the @font-face rules: they fetch Frutiger from assets.nhs.uk, a third-party request on every
# page (and a failure offline). Frutiger is licensed for NHS.UK's own domain; the design system's
# fallback font stack (Arial) applies instead.
python3 - "$dest/nhsuk/nhsuk-frontend.min.css" <<'PY'
import re, sys
path = sys.argv[1]
css = open(path).read()
open(path, "w").write(re.sub(r"@font-face\{[^}]*\}", "", css))
PY
cp -r nf/package/dist/nhsuk/assets/images nf/package/dist/nhsuk/assets/manifest.json "$dest/nhsuk/"
sed -i "1s/.*/nhsuk-frontend $NHSUK (compiled assets: nhsuk-frontend.min.css, nhsuk-frontend.min.js, images\/, manifest.json)/" "$dest/nhsuk/LICENSE"
cp hx/package/dist/htmx.min.js "$dest/htmx.min.js"
cp hx/package/LICENSE "$dest/htmx.LICENSE"
echo "vendored nhsuk-frontend $NHSUK and htmx $HTMX into $dest"
