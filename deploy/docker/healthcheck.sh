#!/bin/bash
# Docker HEALTHCHECK of the inference images: GET URL (default http://127.0.0.1:8080/health) over
# bash's /dev/tcp, so the slim image needs no curl. Exit 0 on HTTP 200, 1 otherwise.
set -u
url="${1:-http://127.0.0.1:8080/health}"
rest="${url#http://}"
hostport="${rest%%/*}"
path="/${rest#*/}"
[ "$path" = "/$rest" ] && path="/"
host="${hostport%%:*}"
port="${hostport##*:}"
[ "$port" = "$hostport" ] && port=80
exec 3<>"/dev/tcp/$host/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "healthcheck: $url answered: ${status%$'\r'}" >&2; exit 1 ;;
esac
