#!/bin/sh
# eml.t -- the .eml file read back by a parser that is not GMime: the eml unit
# tests leave a sample (QBRT_EML_OUT), and Python's email package, with the
# modern policy, must find in it what was put in: the Unicode subject, both
# addresses, the Markdown unchanged in text/plain, the table in text/html.
cd "$(dirname "$0")/.." || exit 1
if ! command -v python3 >/dev/null 2>&1; then
    echo "1..0 # SKIP python3 is not installed"
    exit 0
fi
if command -v make >/dev/null 2>&1 && ! make -s build/unit >&2; then
    echo "Bail out! build/unit does not build"
    exit 1
fi

out=$(mktemp -d /tmp/qbrt-eml-t-XXXXXX) || exit 1
trap 'rm -rf "$out"' EXIT

if QBRT_EML_OUT="$out" ./build/unit eml >"$out/unit.log" 2>&1 && [ -s "$out/sample.eml" ]
then
    echo "ok 1 - build/unit eml passes and leaves sample.eml"
else
    echo "not ok 1 - build/unit eml passes and leaves sample.eml"
    sed 's/^/# /' "$out/unit.log"
    echo "1..1"
    exit 1
fi

python3 - "$out/sample.eml" "$out/sample.md" <<'EOF'
import sys
from email import policy
from email.parser import BytesParser

n = 1
def check(ok, name, got=None):
    global n
    n += 1
    print(("ok" if ok else "not ok"), n, "-", name)
    if not ok and got is not None:
        print("#   got:", repr(got))

with open(sys.argv[1], "rb") as f:
    msg = BytesParser(policy=policy.default).parse(f)
with open(sys.argv[2], encoding="utf-8") as f:
    markdown = f.read()

subject = "Zo\u00eb M\u00fcller \u2014 Q1 Business Review"
check(str(msg["Subject"]) == subject, "subject decodes to the Unicode text", msg["Subject"])
frm, to = msg["From"].addresses, msg["To"].addresses
check(len(frm) == 1 and frm[0].addr_spec == "ann@vendor.example"
      and frm[0].display_name == "Ann Example", "From is the CSM", msg["From"])
check(len(to) == 1 and to[0].addr_spec == "zoe@acme.example"
      and to[0].display_name == "Zo\u00eb M\u00fcller", "To is the champion", msg["To"])
check(msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@vendor.example>"),
      "Message-ID is <hash@sender's domain>", msg["Message-ID"])
check(msg["Date"].datetime.isoformat() == "2024-03-01T10:30:00+00:00",
      "Date is the run's time in UTC", msg["Date"])
check(msg.get_content_type() == "multipart/alternative", "multipart/alternative",
      msg.get_content_type())

parts = [p.get_content_type() for p in msg.iter_parts()]
check(parts == ["text/plain", "text/html"], "plain part, then HTML part", parts)
plain = msg.get_body(("plain",))
html = msg.get_body(("html",))
check(plain is not None and plain.get_content() == markdown,
      "the plain part is the Markdown exactly", plain and plain.get_content())
check(all(p.get_content_charset() == "utf-8" for p in msg.iter_parts()),
      "both parts say charset=utf-8")
body = html.get_content() if html is not None else ""
check("<table>" in body and "</table>" in body, "the HTML part has a table", body)
check("<td>ACME-2024Q1-2 &lt;b&gt;&amp;&quot;quotes&quot;</td>" in body,
      "the HTML cell is escaped", body)
check("<script" not in body and "<b>" not in body, "no raw HTML passes through", body)
print("1..%d" % n)
EOF
