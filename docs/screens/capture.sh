#!/usr/bin/env bash
# What `qt` shows in a real terminal: the four commands of issue 14, in tmux at 80 and 160 columns
# and 50 rows, in Chinese and English, each saved as `tmux capture-pane -p` prints the screen.
# Output taller than the screen opens the pager (less, with LESS=FRX): its first page is the screen.
#
#   docs/screens/capture.sh        (needs tmux, and `qt` on PATH: `. .venv/bin/activate`)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rows=50
cache=$(mktemp -d)
sockets=$(mktemp -d)
trap 'rm -rf "$cache" "$sockets"' EXIT
declare -A commands=(
  [company-zhongce]="company 中策橡胶"
  [metric-rd-intensity-2021]="metric rd-intensity --year 2021"
  [region-qiantang]="region 钱塘"
  [list-parks]="list parks"
)
QT_CACHE_DIR="$cache" qt --version >/dev/null  # build the index before the first screen
for name in "${!commands[@]}"; do
  for width in 80 160; do
    for lang in zh en; do
      session="screen"
      socket="$sockets/$name-$lang-$width"  # a tmux server of its own for each screen
      tmux -S "$socket" new-session -d -s "$session" -x "$width" -y "$rows" \
        "env -u LESS -u PAGER -u QT_PAGER -u NO_COLOR -u FORCE_COLOR PS1='$ ' QT_CACHE_DIR='$cache' TERM=xterm-256color bash --norc --noprofile"
      tmux -S "$socket" set-option -t "$session" status off >/dev/null
      tmux -S "$socket" send-keys -t "$session" "clear; qt ${commands[$name]} --lang $lang" Enter
      previous="" same=0
      while [ "$same" -lt 10 ]; do  # until the answer is there and unchanged for a second
        sleep 0.1
        screen=$(tmux -S "$socket" capture-pane -p -t "$session")
        if [ "$screen" = "$previous" ] && [ "$(printf '%s\n' "$screen" | grep -c .)" -gt 2 ]; then
          same=$((same + 1))
        else
          same=0 previous=$screen
        fi
      done
      printf '%s\n' "$screen" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$here/$name.$lang.$width.txt"
      tmux -S "$socket" kill-server 2>/dev/null || true
    done
  done
done
