"""The Freja simulator's control side at /sim/freja/: the app, played by a person or a test.

- ``GET /sim/freja/``: a page of the pending requests and the fixture persons, with a
  form to approve or decline; ``?transactionReference=<ref>`` puts that request first,
  so the portal's "open the app on this device" link can point here;
- ``GET /sim/freja/orders``: the pending requests as JSON;
- ``POST /sim/freja/approve``: JSON ``{"ref", "ssn", "action"}`` (action "approve",
  "reject", "deliver" or "security") answers JSON; the page's form answers a redirect.
"""

from html import escape
from urllib.parse import parse_qs
from urllib.parse import quote

from atvidaberg.etjanster.simulators.web import Response
from atvidaberg.etjanster.simulators.web import html_response
from atvidaberg.etjanster.simulators.web import json_response

FORM = "application/x-www-form-urlencoded"
KINDS = {"auth": "Inloggning", "sign": "Underskrift"}
PAGE = """<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Freja eID-appen (simulerad)</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem auto; max-width: 60rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2rem; }}
th, td {{ border: 1px solid #555; padding: .4rem; text-align: left; vertical-align: top; }}
.focus {{ outline: 3px solid #075; }}
button {{ padding: .3rem .8rem; margin: .1rem; }}
code {{ word-break: break-all; }}
</style></head>
<body><main>
<h1>Freja eID-appen (simulerad, testläge)</h1>
<p><a href="/sim/">Alla simulatorer</a></p>
<div role="status">{notice}</div>
<h2>Väntande begäranden</h2>
{requests}
<p><a href="/sim/freja/">Uppdatera listan</a></p>
<h2>Testpersoner</h2>
<table><caption>Personer som simulatorn känner till</caption>
<thead><tr><th scope="col">Personnummer</th><th scope="col">Namn</th>
<th scope="col">Beskrivning</th></tr></thead>
<tbody>{persons}</tbody></table>
</main></body></html>"""


def handle(simulator, request):
    path = request.path.removeprefix("/sim/freja")
    if path in ("", "/") and request.method == "GET":
        focus = request.query.get("transactionReference", "")
        notice = request.query.get("notice", "")
        return html_response(
            render(simulator.pending(), simulator.persons, focus, notice)
        )
    if path == "/orders" and request.method == "GET":
        return json_response(simulator.pending())
    if path == "/approve" and request.method == "POST":
        return _approve(simulator, request)
    return Response(404, b"Not found", "text/plain")


def _approve(simulator, request):
    by_form = request.content_type == FORM
    try:
        if by_form:
            data = {k: v[-1] for k, v in parse_qs(request.body.decode("utf-8")).items()}
        else:
            data = request.json()
        status = simulator.act(
            data.get("ref"), data.get("ssn"), data.get("action", "approve")
        )
    except (ValueError, AttributeError) as error:
        if by_form:
            return _redirect(f"Fel: {error}")
        return json_response({"error": str(error)}, 400)
    if by_form:
        return _redirect(f"Klart: {status}")
    return json_response({"ref": data["ref"], "status": status})


def _redirect(notice):
    location = f"/sim/freja/?notice={quote(notice)}"
    return Response(303, b"", "text/plain", {"Location": location})


def render(pending, persons, focus="", notice=""):
    pending = sorted(pending, key=lambda item: item["ref"] != focus)
    rows = "".join(_request(item, persons, item["ref"] == focus) for item in pending)
    requests = (
        "<table><caption>Begäranden som väntar på svar i appen</caption><thead><tr>"
        '<th scope="col">Typ</th><th scope="col">Innehåll</th>'
        '<th scope="col">Går ut om</th><th scope="col">Svara</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        if rows
        else "<p>Inga begäranden väntar. Starta en inloggning i portalen och uppdatera.</p>"
    )
    people = "".join(
        f"<tr><td>{escape(number)}</td><td>{escape(_name(person))}</td>"
        f"<td>{escape(person.get('description', ''))}</td></tr>"
        for number, person in persons.items()
    )
    return PAGE.format(notice=escape(notice), requests=requests, persons=people)


def _name(person):
    return f"{person.get('givenName', '')} {person.get('surname', '')}"


def _request(item, persons, focused):
    ref = escape(item["ref"])
    if item["ssn"]:
        ssn = escape(item["ssn"])
        who = (
            f'<input type="hidden" name="ssn" value="{ssn}">'
            f"<p>Till {escape(_name(persons.get(item['ssn'], {})))} ({ssn})</p>"
        )
    else:
        options = "".join(
            f'<option value="{escape(n)}">{escape(_name(p))} ({escape(n)})</option>'
            for n, p in persons.items()
        )
        who = (
            f'<label for="ssn-{ref}">Vem skannar QR-koden?</label> '
            f'<select id="ssn-{ref}" name="ssn">{options}</select>'
        )
    content = f"<p><code>{ref}</code> ({escape(item['status'])})</p>"
    if item["kind"] == "sign":
        title, text = escape(item["title"]), escape(item["text"])
        content = f"<p><strong>{title}</strong></p><p>{text}</p>{content}"
    form = (
        '<form method="post" action="/sim/freja/approve">'
        f'<input type="hidden" name="ref" value="{ref}">{who}'
        '<button name="action" value="approve">Godkänn</button>'
        '<button name="action" value="reject">Avböj</button></form>'
    )
    focus = ' class="focus"' if focused else ""
    return (
        f"<tr{focus}><td>{KINDS[item['kind']]}</td><td>{content}</td>"
        f"<td>{max(item['expiresIn'], 0)} s</td><td>{form}</td></tr>"
    )
