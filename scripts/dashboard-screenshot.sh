#!/usr/bin/env bash
# Renders the operations dashboard (deploy/grafana/dashboards/dialer.json) from a demo run and writes
# a screenshot: a demo on the embedded stack, a Prometheus (Debian's `prometheus`) scraping the demo's
# /metrics every 2 s, then the dashboard's own queries drawn by deploy/grafana/render/preview.html in
# headless Chromium. Grafana itself is not installable on these machines; in compose it reads the same JSON.
#   scripts/dashboard-screenshot.sh [OUT.png] [demo options...]   (default docs/dashboard.png)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/dashboard.png}"
shift || true
for tool in prometheus chromium python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool on the PATH (apt-get install prometheus chromium)" >&2; exit 2; }
done

work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

demo_args=("$@")
[ ${#demo_args[@]} -gt 0 ] || demo_args=(--contacts 4000 --clients 3 --cap 12 --rate 1800 --max-attempts 2 --time-scale 0.05)
(cd "$work" && exec "$OLDPWD/dialer" demo "${demo_args[@]}" --timeout 400) > "$work/demo.log" 2>&1 &
demo=$!
pids+=("$demo")

# the live page serves the whole stack's /metrics; Prometheus starts once its address is known
for _ in $(seq 1 240); do
  page=$(grep -o 'live page http://[0-9.:]*' "$work/demo.log" | head -1 | cut -d' ' -f3 || true)
  [ -n "$page" ] && break
  kill -0 "$demo" 2>/dev/null || { cat "$work/demo.log" >&2; exit 1; }
  sleep 1
done
[ -n "$page" ] || { echo "the demo never came up" >&2; exit 1; }
start=$(date +%s)
prom_port=$(free_port)
cat > "$work/prometheus.yml" <<EOF
global: {scrape_interval: 2s}
scrape_configs:
  - job_name: dialer-demo
    static_configs: [{targets: ["${page#http://}"]}]
EOF
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
pids+=("$!")
echo "demo at $page, Prometheus at 127.0.0.1:$prom_port; waiting for the demo to finish"
wait "$demo" || { tail -20 "$work/demo.log" >&2; exit 1; }
grep -E "promises|dials" "$work/demo.log" | tail -3 || true
end=$(date +%s)

web_port=$(free_port)
python3 -m http.server "$web_port" --bind 127.0.0.1 --directory deploy/grafana > /dev/null 2>&1 &
pids+=("$!")
sleep 1
mkdir -p "$(dirname "$out")"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/chromium" --hide-scrollbars \
  --window-size=1600,1500 --virtual-time-budget=20000 --screenshot="$(realpath -m "$out")" \
  "http://127.0.0.1:$web_port/render/preview.html?prom=http://127.0.0.1:$prom_port&start=$start&end=$end" 2>/dev/null
echo "wrote $out ($start..$end)"
