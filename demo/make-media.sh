#!/usr/bin/env bash
# Makes the demo flow's prompt videos: demo/media/<step>.mp4 (H.264 main + AAC, faststart),
# <step>.jpg (poster, first frame) and <step>.vtt (captions timed from the speech itself).
#
# Maya from Acme Boards speaks each step's line with espeak-ng; ffmpeg draws a per-step gradient
# with a small planning board whose card moves across the columns while she talks.
#
#   demo/make-media.sh           make every file (overwrites; same inputs give the same bytes)
#   demo/make-media.sh --check   only verify the committed files (codecs, sizes, audible audio)
#
# Needs: ffmpeg, ffprobe, espeak-ng, fonts-dejavu-core. Installs them with apt-get when run as root.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
OUT="media"
W=640 H=360 FPS=25
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT_REGULAR=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
VOICE="en-us+f3" # a female variant of espeak-ng's American English voice: Maya
WPM=150
LEAD=0.2   # silence before Maya speaks
GAP=0.15   # pause between the two sentences
TAIL=0.3   # silence after she finishes (LEAD + TAIL ≈ 0.5 s on top of the speech)
MAX_FILE_BYTES=$((150 * 1024))
MAX_TOTAL_BYTES=$((1024 * 1024))

# id | title drawn on the video | gradient from | gradient to | sentence 1 | sentence 2
STEPS=(
  "welcome|Hi, I'm Maya from Acme Boards|0x4338ca|0x7c3aed|Hi, I'm Maya from Acme Boards.|What brings you here today?"
  "team-size|Great — how big is your team?|0x0f766e|0x0e7490|Great, thanks for telling me.|How big is the team you're planning for?"
  "wish|Tell us in your own words|0x6d28d9|0xdb2777|What's one thing your current tool gets wrong?|Record a short video, send a voice note, or just type it."
  "explore|Take your time|0x9a3412|0xbe185d|Take your time, there's no rush.|What would you like to see first?"
  "pricing|Plans that grow with you|0x1d4ed8|0x0891b2|Our plans grow with your team.|Here's what a team like yours would pay."
  "thanks|Thank you!|0x15803d|0x4d7c0f|Thank you so much!|Your answers help us build a better Acme Boards."
)

log() { printf '[make-media] %s\n' "$*" >&2; }
die() { printf '[make-media] error: %s\n' "$*" >&2; exit 1; }

ensure_tools() {
  local missing=()
  command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || missing+=(ffmpeg)
  command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
  [[ -f "$FONT_BOLD" && -f "$FONT_REGULAR" ]] || missing+=(fonts-dejavu-core)
  ((${#missing[@]} == 0)) && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "missing ${missing[*]}: install them (e.g. sudo apt-get install ${missing[*]}) and run again"
  fi
  log "installing ${missing[*]} with apt-get (waits for other apt/dpkg users)"
  export DEBIAN_FRONTEND=noninteractive
  flock /tmp/apt.lock apt-get -o DPkg::Lock::Timeout=900 update -qq
  flock /tmp/apt.lock apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "${missing[@]}"
}

duration() { ffprobe -v error -show_entries format=duration -of default=nw=1:nk=1 "$1"; }

# seconds (float) -> WebVTT timestamp 00:00:01.234
vtt_time() { awk -v s="$1" 'BEGIN { ms = int(s * 1000 + 0.5); printf "%02d:%02d:%02d.%03d", int(ms / 3600000), int(ms / 60000) % 60, int(ms / 1000) % 60, ms % 1000 }'; }
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }'; }

make_step() {
  local id=$1 title=$2 from=$3 to=$4 line1=$5 line2=$6
  local tmp="$WORK/$id"
  mkdir -p "$tmp"

  # 1. Speech, one WAV per sentence so each caption cue gets its real timing.
  espeak-ng -v "$VOICE" -s "$WPM" -w "$tmp/s1.wav" "$line1"
  espeak-ng -v "$VOICE" -s "$WPM" -w "$tmp/s2.wav" "$line2"
  local d1 d2
  d1=$(duration "$tmp/s1.wav")
  d2=$(duration "$tmp/s2.wav")
  local start1=$LEAD end1 start2 end2 total
  end1=$(add "$start1" "$d1")
  start2=$(add "$end1" "$GAP")
  end2=$(add "$start2" "$d2")
  total=$(add "$end2" "$TAIL")

  ffmpeg -nostdin -v error -y -i "$tmp/s1.wav" -i "$tmp/s2.wav" -filter_complex "\
anullsrc=r=22050:cl=mono:d=$LEAD[lead];anullsrc=r=22050:cl=mono:d=$GAP[gap];anullsrc=r=22050:cl=mono:d=$TAIL[tail];\
[0:a]aformat=sample_rates=22050:channel_layouts=mono[a];[1:a]aformat=sample_rates=22050:channel_layouts=mono[b];\
[lead][a][gap][b][tail]concat=n=5:v=0:a=1[out]" -map "[out]" -c:a pcm_s16le -fflags +bitexact "$tmp/speech.wav"

  # 2. Captions: one cue per sentence, timed from the WAVs.
  {
    printf 'WEBVTT\n\n'
    printf '1\n%s --> %s\n%s\n\n' "$(vtt_time "$start1")" "$(vtt_time "$end1")" "$line1"
    printf '2\n%s --> %s\n%s\n' "$(vtt_time "$start2")" "$(vtt_time "$end2")" "$line2"
  } >"$tmp/$id.vtt"

  # 3. Video: gradient, a three-column board with one card travelling while Maya speaks,
  #    a progress line, and the step's title. Text comes from files so quotes need no escaping.
  printf '%s' "$title" >"$tmp/title.txt"
  printf 'ACME BOARDS' >"$tmp/brand.txt"
  printf 'Maya · Product specialist' >"$tmp/who.txt"
  local col_y=196 col_h=132 col_w=176 travel
  travel="clip((t-$start1)/($end2-$start1),0,1)"
  local board="drawbox=x=32:y=$col_y:w=$col_w:h=$col_h:color=white@0.14:t=fill,\
drawbox=x=232:y=$col_y:w=$col_w:h=$col_h:color=white@0.14:t=fill,\
drawbox=x=432:y=$col_y:w=$col_w:h=$col_h:color=white@0.14:t=fill,\
drawbox=x=44:y=$((col_y + 14)):w=70:h=8:color=white@0.55:t=fill,\
drawbox=x=244:y=$((col_y + 14)):w=90:h=8:color=white@0.55:t=fill,\
drawbox=x=444:y=$((col_y + 14)):w=60:h=8:color=white@0.55:t=fill,\
drawbox=x=44:y=$((col_y + 80)):w=152:h=32:color=white@0.30:t=fill,\
drawbox=x=244:y=$((col_y + 80)):w=152:h=32:color=white@0.30:t=fill,\
drawbox=x=444:y=$((col_y + 80)):w=152:h=32:color=white@0.30:t=fill"
  local text="drawtext=fontfile=$FONT_BOLD:textfile=$tmp/brand.txt:fontsize=15:fontcolor=white@0.85:x=32:y=26,\
drawtext=fontfile=$FONT_BOLD:textfile=$tmp/title.txt:fontsize=30:fontcolor=white:x=32:y=74:shadowcolor=black@0.25:shadowx=1:shadowy=2,\
drawtext=fontfile=$FONT_REGULAR:textfile=$tmp/who.txt:fontsize=18:fontcolor=white@0.9:x=32:y=126"
  ffmpeg -nostdin -v error -y \
    -f lavfi -i "gradients=s=${W}x${H}:r=$FPS:c0=$from:c1=$to:x0=0:y0=0:x1=$W:y1=$H:speed=0.004:seed=7:d=$total" \
    -f lavfi -i "color=c=white:s=152x32:r=$FPS:d=$total" \
    -f lavfi -i "color=c=white:s=${W}x4:r=$FPS:d=$total" \
    -i "$tmp/speech.wav" \
    -filter_complex "[0:v]format=yuv420p,$board,$text[bg];\
[bg][1:v]overlay=x='44+400*(3*pow($travel,2)-2*pow($travel,3))':y=$((col_y + 36)):eval=frame[carded];\
[carded][2:v]overlay=x='-$W+$W*t/$total':y=$((H - 4)):eval=frame,format=yuv420p[v]" \
    -map "[v]" -map 3:a -t "$total" \
    -c:v libx264 -profile:v main -level:v 3.0 -pix_fmt yuv420p -preset slow -tune animation \
    -crf 30 -maxrate 170k -bufsize 340k -g 50 -threads 1 \
    -c:a aac -b:a 32k -ac 1 -ar 22050 \
    -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    "$tmp/$id.mp4"

  # 4. Poster: the first frame (title and board already drawn).
  ffmpeg -nostdin -v error -y -i "$tmp/$id.mp4" -frames:v 1 -q:v 4 -fflags +bitexact -flags:v +bitexact "$tmp/$id.jpg"

  mv -f "$tmp/$id.mp4" "$tmp/$id.jpg" "$tmp/$id.vtt" "$OUT/"
  log "$id: speech ${d1}s + ${d2}s, video ${total}s, $(stat -c %s "$OUT/$id.mp4") bytes"
}

check_step() {
  local id=$1 f="$OUT/$1.mp4" ok=1
  for ext in mp4 jpg vtt; do [[ -s "$OUT/$id.$ext" ]] || { log "$id: $OUT/$id.$ext missing"; return 1; }; done
  local vcodec acodec pix size mean
  vcodec=$(ffprobe -v error -select_streams v:0 -show_entries stream=codec_name -of default=nw=1:nk=1 "$f")
  pix=$(ffprobe -v error -select_streams v:0 -show_entries stream=pix_fmt -of default=nw=1:nk=1 "$f")
  acodec=$(ffprobe -v error -select_streams a:0 -show_entries stream=codec_name -of default=nw=1:nk=1 "$f")
  size=$(stat -c %s "$f")
  mean=$(ffmpeg -nostdin -hide_banner -i "$f" -map 0:a -af volumedetect -f null - 2>&1 | sed -n 's/.*mean_volume: \(-\?[0-9.]*\) dB.*/\1/p')
  [[ "$vcodec" == h264 && "$pix" == yuv420p ]] || { log "$id: video is $vcodec/$pix, want h264/yuv420p"; ok=0; }
  [[ "$acodec" == aac ]] || { log "$id: audio is '$acodec', want aac"; ok=0; }
  ((size < MAX_FILE_BYTES)) || { log "$id: $size bytes, want < $MAX_FILE_BYTES"; ok=0; }
  awk -v m="${mean:--999}" 'BEGIN { exit !(m > -50) }' || { log "$id: audio mean volume ${mean:-?} dB, want > -50 dB"; ok=0; }
  head -1 "$OUT/$id.vtt" | grep -qx 'WEBVTT' || { log "$id: $id.vtt does not start with WEBVTT"; ok=0; }
  ((ok)) && log "ok $id: h264 $pix + aac, $size bytes, mean volume $mean dB"
  ((ok))
}

check_all() {
  local failed=0 total=0
  for entry in "${STEPS[@]}"; do check_step "${entry%%|*}" || failed=1; done
  total=$(du -cb "$OUT"/* | tail -1 | cut -f1)
  ((total < MAX_TOTAL_BYTES)) || { log "media folder is $total bytes, want < $MAX_TOTAL_BYTES"; failed=1; }
  log "media folder: $total bytes"
  return $failed
}

main() {
  if [[ "${1:-}" == "--check" ]]; then
    command -v ffprobe >/dev/null 2>&1 || die "ffprobe (package ffmpeg) is needed for --check"
    check_all
    return
  fi
  ensure_tools
  mkdir -p "$OUT"
  WORK=$(mktemp -d)
  trap 'rm -rf "$WORK"' EXIT
  for entry in "${STEPS[@]}"; do
    IFS='|' read -r id title from to line1 line2 <<<"$entry"
    make_step "$id" "$title" "$from" "$to" "$line1" "$line2"
  done
  check_all
}

main "$@"
