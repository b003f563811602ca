#!/bin/bash
# usage: cap.sh NAME SERVER_EXTRA -- CURL_ARGS...
# Runs inside `unshare -n`; writes NAME.cmd, NAME.curl (stderr+stdout of curl -v), NAME.rc, NAME.pcap, NAME.hello (tshark -V of the ClientHello)
name=$1; shift
srv=()
while [ "$1" != "--" ]; do srv+=("$1"); shift; done; shift
ip link set lo up
tcpdump -i lo -U -w $name.pcap tcp port 4433 2>/dev/null & tp=$!
openssl s_server -key key.pem -cert cert.pem -accept 4433 -www -quiet "${srv[@]}" >/dev/null 2>$name.server & sp=$!
sleep 0.7
echo "openssl s_server -key key.pem -cert cert.pem -accept 4433 -www ${srv[*]}" > $name.cmd
echo "curl $*" >> $name.cmd
curl "$@" > $name.curl 2>&1; echo $? > $name.rc
sleep 0.5
kill $sp; sleep 0.3; kill $tp; wait $tp 2>/dev/null
tshark -r $name.pcap -Y 'tls.handshake.type==1' -V -O tls 2>/dev/null | sed -n '/Transport Layer Security/,$p' > $name.hello
tshark -r $name.pcap -Y 'tls.handshake.type==2' -T fields -e tls.handshake.type -e tls.handshake.ciphersuite -e tls.handshake.extensions.supported_version 2>/dev/null > $name.serverhello
tshark -r $name.pcap -Y tls.alert_message -T fields -e ip.src -e tls.alert_message.desc 2>/dev/null > $name.alert
