#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Seed corpus for one fuzz harness from the golden vectors.
# Usage: selftests/fuzz/seeds.sh HARNESS OUTDIR   (HARNESS without "fuzz_")
# Copies the matching vector objects (certs cut to their first TLV, so key
# records do not make them trailing-byte rejects) and, for the PDU
# harnesses, every DeftT UDP payload of the captures (via deftt-dump -x).
set -eu
h=${1:?harness}
out=${2:?outdir}
root=$(cd "$(dirname "$0")/../.." && pwd)
vec=${DEFTT_VECTORS:-$root/../shared/vectors}/dct
mkdir -p "$out"

# copy FILE as OUTDIR/<unique name>, cut to its first TLV if $2 = first
put() {
	local f=$1 name
	name=$(echo "${f#"$vec"/}" | tr '/' '_')
	if [ "${2:-}" = first ]; then
		local b1 b2 b3 size
		read -r b1 b2 b3 < <(od -An -tu1 -j1 -N3 "$f")
		if [ "$b1" -lt 253 ]; then
			size=$((b1 + 2))
		else
			size=$((b2 * 256 + b3 + 4))
		fi
		head -c "$size" "$f" > "$out/$name"
	else
		cp "$f" "$out/$name"
	fi
}

objs() {	# object vectors whose name matches a glob
	local f
	for f in "$vec"/objects/iot*/*/$1.bin; do
		[ -f "$f" ] && put "$f"
	done
	return 0
}

certs() {
	local f
	for f in "$vec"/ids/*/*.cert "$vec"/ids/*/*.root "$vec"/ids/*/*.cap \
		 "$vec"/ids/*/*.schema "$vec"/ids/*/*.config; do
		[ -f "$f" ] && put "$f" first
	done
	objs 'signing_cert'
}

pcaps() {
	local dump=$root/build/tools/deftt-dump p
	[ -x "$dump" ] || make -C "$root" -s build/tools/deftt-dump >/dev/null
	for p in "$vec"/capture/*/*.pcap; do
		local d
		d=$(mktemp -d)
		"$dump" -x "$d" "$p" >/dev/null
		for f in "$d"/*.bin; do
			mv "$f" "$out/$(basename "$(dirname "$p")")_$(basename "$f")"
		done
		rmdir "$d"
	done
}

case $h in
wire_tlv)	objs 'pub*'; objs '*cstate*' ;;
wire_pub)	objs 'pub*'; objs 'msgs_cadd*' ;;
wire_cert)	certs ;;
wire_cstate)	objs '*cstate*'; pcaps ;;
wire_cadd)	objs '*cadd*'; objs 'pub*'; pcaps ;;
wire_pdu)	objs '*cstate*'; objs '*cadd*'; pcaps ;;
syncps)		objs '*cstate*'; objs '*cadd*'; pcaps ;;
wire_roundtrip)	objs '*'; certs; pcaps ;;
iblt)		for f in "$vec"/objects/iblt/*.bin; do put "$f"; done ;;
bundle)		for f in "$vec"/ids/*/*.bundle; do put "$f"; done ;;	# whole: the key is part of it
certlib)	for f in "$vec"/ids/*/*.*; do
			case $f in *.txt) ;; *) put "$f" ;; esac
		done
		for f in "$vec"/schemas/*.scm; do put "$f"; done ;;
schema_read)	for f in "$vec"/schemas/*.scm; do put "$f"; done ;;
schema_validate) objs 'pub*'; objs 'signing_cert' ;;
schemac)	# level byte 0x01 then the source: the vectors, error suite, example
		for f in "$vec"/schemas/*.rules "$root"/selftests/schemac/*.rules \
			 "$root"/tools/examples/*.rules; do
			{ printf '\001'; cat "$f"; } > "$out/$(basename "$f")"
		done ;;
*)		echo "seeds.sh: no seeds for $h" >&2 ;;
esac
# drop the raw key vectors picked up by broad globs
rm -f "$out"/*signing_key_ed25519_sk* 2>/dev/null || true
echo "seeds.sh: $(ls "$out" | wc -l) seeds for $h in $out"
