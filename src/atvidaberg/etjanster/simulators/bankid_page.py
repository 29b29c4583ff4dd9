"""The simulated BankID app's control side, under ``/sim/bankid/`` on plain HTTP.

- ``GET /``: a page listing pending orders and the fixture persons, with a form that
  posts to ``approve`` (no secrets on it: never a QR secret, nor the personnummer an
  order was started for);
- ``POST approve`` ``{"qr" | "autoStartToken" | "orderRef": ..., "personalNumber": ...,
  "action": "approve" | "start" | "cancel" | "declineCall"}``, optionally
  ``"biometrics": true`` (approved without the security code), ``"mrtd": true`` (the
  ID document was read), ``"risk": "low" | "moderate" | "high"``: see
  ``BankIdSimulator.app``; 400 with ``{"error": ...}`` for what the real app would
  refuse (a forged or stale QR code, an order no longer pending, biometrics where the
  security code is required, no ID document where it is required) or cannot take
  (another person than the order requires: the order then fails, startFailed);
- ``POST fail-next`` ``{"status": 503, "errorCode": "maintenance", "count": 1}``: the
  next API calls fail like that (errorCode defaults from the status);
- ``POST advance`` ``{"seconds": 31}``: fast-forward the clock; ``POST reset``.
"""

import base64
import time
from html import escape
from urllib.parse import parse_qs
from urllib.parse import urlencode

from atvidaberg.etjanster.simulators.web import Response
from atvidaberg.etjanster.simulators.web import html_response
from atvidaberg.etjanster.simulators.web import json_response

PATH = "/sim/bankid/"
CONTROLS = ("approve", "fail-next", "advance", "reset")
ACTIONS = {
    "approve": "Identifiera eller skriv under (godkänn)",
    "start": "Öppna ordern i appen, men vänta med säkerhetskoden",
    "cancel": "Avbryt i appen",
    "declineCall": "Svara i appen att du inte pratar i telefon med kommunen",
}
DONE = {
    "approve": "Ordern är godkänd.",
    "start": "Ordern är öppnad i appen.",
    "cancel": "Ordern är avbruten i appen.",
    "declineCall": "Användaren sade att hen inte pratar i telefon med kommunen.",
}
STATES = {
    "outstandingTransaction": "väntar på appen",
    "userSign": "öppnad, väntar på säkerhetskod",
    "userMrtd": "öppnad, väntar på att id-handlingen läses",
    "userCallConfirm": "telefonorder, väntar på att samtalet bekräftas",
}


def redirect(**query):
    """Back to the page after a form post, so a reload does not post again."""
    return Response(303, b"", "text/plain", {"Location": f"{PATH}?{urlencode(query)}"})


def _orders(orders):
    if not orders:
        return "<p>Inga väntande ordrar just nu.</p>"
    rows = []
    for index, order in enumerate(sorted(orders, key=lambda o: o.created)):
        started = time.strftime("%H:%M:%S", time.localtime(order.created))
        kind = "Underskrift" if order.kind == "sign" else "Identifiering"
        state = STATES.get(order.hint_code, order.hint_code)
        rows.append(
            f'<div><input type="radio" name="orderRef" id="order-{index}" '
            f'value="{escape(order.reference)}" required>'
            f' <label for="order-{index}">{kind}, startad {started}, {escape(state)}'
            f" <small>({escape(order.reference)})</small></label>"
            f"{_text_to_sign(order)}</div>"
        )
    return "<fieldset><legend>Order</legend>" + "".join(rows) + "</fieldset>"


def _text_to_sign(order):
    """What the app shows before the person signs: the relying party's text."""
    if order.kind != "sign" or not order.visible:
        return ""
    text = base64.b64decode(order.visible).decode("utf-8", "replace")
    return f'<blockquote style="white-space: pre-line">{escape(text)}</blockquote>'


def _persons(persons):
    options = "".join(
        f'<option value="{escape(number)}">'
        f"{escape(person.get('givenName', ''))} {escape(person.get('surname', ''))}"
        f" ({escape(number)})</option>"
        for number, person in persons.items()
    )
    return (
        '<p><label for="person">Person i appen</label><br>'
        f'<select id="person" name="personalNumber" required>{options}</select></p>'
    )


def _actions():
    choices = "".join(
        f'<div><input type="radio" name="action" id="action-{key}" value="{key}"'
        f"{' checked' if key == 'approve' else ''}>"
        f' <label for="action-{key}">{escape(text)}</label></div>'
        for key, text in ACTIONS.items()
    )
    return f"<fieldset><legend>Vad gör användaren?</legend>{choices}</fieldset>"


def _notice(query):
    if query.get("error"):
        return f'<p role="alert">Appen vägrade: {escape(query["error"])}</p>'
    if query.get("done") in DONE:
        return f'<p role="status">{DONE[query["done"]]}</p>'
    return '<p role="status"></p>'


def _person_list(persons):
    items = "".join(
        f"<li>{escape(person.get('givenName', ''))} {escape(person.get('surname', ''))}"
        f" ({escape(number)}): {escape(person.get('description', ''))}</li>"
        for number, person in persons.items()
    )
    return f"<h2>Fiktiva personer</h2><ul>{items}</ul>"


def render(orders, persons, query):
    form = _orders(orders)
    if orders:
        form = (
            f'<form method="post" action="{PATH}approve">'
            f"{form}{_persons(persons)}{_actions()}"
            '<p><button type="submit">Skicka</button></p></form>'
        )
    return f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulerad BankID-app</title></head>
<body><main>
<h1>Simulerad BankID-app (testläge)</h1>
<p>Här spelar du användarens BankID-app för ordrar som portalen har startat.
Alla fiktiva personer går att välja, även de som folkbokföringen inte känner till.</p>
{_notice(query)}
<h2>Väntande ordrar</h2>
{form}
<p><a href="{PATH}">Uppdatera listan</a></p>
{_person_list(persons)}
</main></body></html>"""


def _control(simulator, action, body):
    if action == "approve":
        return simulator.app(body)
    if action == "fail-next":
        status, count = int(body.get("status", 503)), int(body.get("count", 1))
        return simulator.fail_next(status, body.get("errorCode"), count)
    if action == "advance":
        return simulator.advance(float(body["seconds"]))
    return simulator.reset()


def handle_control(simulator, request):
    action = request.path.removeprefix(PATH)
    if action == "" and request.method == "GET":
        page = render(simulator.pending_orders(), simulator.persons, request.query)
        return html_response(page)
    if request.method != "POST" or action not in CONTROLS:
        return json_response({"error": "No such control"}, 404)
    form = request.content_type == "application/x-www-form-urlencoded"
    try:
        if form:
            body = {k: v[-1] for k, v in parse_qs(request.body.decode()).items()}
        else:
            body = request.json()
        if not isinstance(body, dict):
            raise ValueError("expected a JSON object")
        answer = _control(simulator, action, body) or {}
    except (ValueError, KeyError, TypeError) as error:
        if form:
            return redirect(error=str(error))
        return json_response({"error": str(error)}, 400)
    if form:
        return redirect(done=body.get("action", "approve"))
    return json_response(answer)
