"""Sending one delivery: the signed HTTP POST of a webhook event, or the SMTP send of an e-mail.

`prepare_*` run in the delivery thread and may query; they return a `send` callable that does only network I/O,
so the engine can run several sends at once in a thread pool without sharing database connections.
"""

from __future__ import annotations

import hashlib
import hmac
import http.client
import ssl
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from django.core.mail import EmailMessage
from django.utils import timezone

from netjobs import __version__
from netjobs.events import mail, secret_store
from netjobs.events.models import EmailDelivery, WebhookDelivery
from netjobs.events.payloads import encode
from netjobs.events.templating import TemplateError, render_body
from netjobs.jobs.models import JobResult

__all__ = ["SIGNATURE_HEADER", "Attempt", "post", "prepare_email", "prepare_webhook", "sign"]

SIGNATURE_HEADER = "X-Netjobs-Signature"
USER_AGENT = f"netjobs-webhooks/{__version__}"
#: Bytes of a response body read and kept (as text) in the delivery log.
EXCERPT_BYTES = 1024
#: HTTP statuses worth retrying; any other 4xx is a configuration problem that a retry will not fix.
RETRYABLE_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

Send = Callable[[], "Attempt"]


@dataclass(frozen=True)
class Attempt:
    """The outcome of one try."""

    ok: bool
    retryable: bool = True
    status_code: int | None = None
    response: str = ""
    error: str = ""
    duration_ms: int = 0
    retry_after_s: float | None = None
    #: No answer at all (refused, DNS, TLS, timeout): the endpoint's other deliveries would fare no better.
    unreachable: bool = False

    def as_log(self) -> dict[str, Any]:
        return {
            "at": timezone.now().isoformat(),
            "ok": self.ok,
            "status_code": self.status_code,
            "error": self.error,
            "duration_ms": self.duration_ms,
        }


def sign(body: bytes, key: bytes) -> str:
    """The signature header value: `sha256=` and the hex HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are reported, not followed: urllib would turn the POST into a GET and drop the payload."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_ssl_lock = threading.Lock()
_ssl_contexts: dict[bool, ssl.SSLContext] = {}


def _ssl_context(verify: bool) -> ssl.SSLContext:
    # Built once per process: loading the CA bundle costs milliseconds, and contexts are safe to share.
    with _ssl_lock:
        if verify not in _ssl_contexts:
            context = ssl.create_default_context()
            if not verify:
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
            _ssl_contexts[verify] = context
        return _ssl_contexts[verify]


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - timezone.now()).total_seconds())
    except (TypeError, ValueError):
        return None


def _excerpt(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")[:EXCERPT_BYTES]


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, verify: bool = True) -> Attempt:
    """POST `body` once. Never raises: every failure becomes an Attempt with its reason."""
    opener = urllib.request.build_opener(_NoRedirect(), urllib.request.HTTPSHandler(context=_ssl_context(verify)))
    # The scheme was validated (http/https only) when the webhook was saved.
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    started = time.monotonic()
    try:
        with opener.open(request, timeout=timeout) as response:
            excerpt = _excerpt(response.read(EXCERPT_BYTES))
            return Attempt(ok=True, status_code=response.status, response=excerpt, duration_ms=_ms(started))
    except urllib.error.HTTPError as exc:
        try:
            excerpt = _excerpt(exc.read(EXCERPT_BYTES))
        except Exception:  # the body of an error response is best effort
            excerpt = ""
        if 300 <= exc.code < 400:
            error = f"HTTP {exc.code}: redirects are not followed (Location: {exc.headers.get('Location', '?')})"
        else:
            error = f"HTTP {exc.code} {exc.reason}"
        return Attempt(
            ok=False,
            retryable=exc.code in RETRYABLE_STATUSES,
            status_code=exc.code,
            response=excerpt,
            error=error,
            duration_ms=_ms(started),
            retry_after_s=_retry_after(exc.headers.get("Retry-After")),
        )
    except urllib.error.URLError as exc:
        return Attempt(ok=False, error=f"cannot connect: {exc.reason}", duration_ms=_ms(started), unreachable=True)
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
        reason = "timed out" if isinstance(exc, TimeoutError) else f"{type(exc).__name__}: {exc}"
        took = _ms(started)
        return Attempt(ok=False, error=f"{reason} (after {took} ms)", duration_ms=took, unreachable=True)


def _failed(error: str, *, retryable: bool = False) -> Send:
    return lambda: Attempt(ok=False, retryable=retryable, error=error)


def prepare_webhook(delivery: WebhookDelivery) -> Send:
    webhook = delivery.webhook
    body = encode(delivery.payload)
    if webhook.body_template:
        try:
            body = render_body(webhook.body_template, delivery.payload)
        except TemplateError as exc:
            return _failed(f"not sent: {exc}")
    headers = {
        **{str(k): str(v) for k, v in (webhook.http_headers or {}).items()},
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-Netjobs-Event": delivery.event,
        "X-Netjobs-Delivery": str(delivery.pk),
        "X-Netjobs-Attempt": str(delivery.attempts + 1),
    }
    try:
        key = webhook.signing_key()
    except secret_store.SecretUnavailable as exc:
        return _failed(f"not sent: {exc}")
    if key is not None:
        headers[SIGNATURE_HEADER] = sign(body, key)
    url, timeout, verify = webhook.url, webhook.timeout_s, webhook.ssl_verify
    return lambda: post(url, body, headers, timeout=timeout, verify=verify)


def prepare_email(delivery: EmailDelivery) -> Send:
    result = JobResult.objects.filter(pk=delivery.job_result_id).first()
    if result is None:
        return _failed("not sent: the run no longer exists")
    notification = delivery.notification
    to = mail.recipients(notification, result)
    if not to:
        return _failed("not sent: no recipients (do the users have e-mail addresses?)")
    subject, body = mail.render(notification, result)
    delivery.recipients, delivery.subject = to, subject
    message = EmailMessage(subject=subject, body=body, to=to)

    def send() -> Attempt:
        started = time.monotonic()
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # SMTP, DNS, TLS, a backend's own errors: all worth a retry
            return Attempt(ok=False, error=f"{type(exc).__name__}: {exc}", duration_ms=_ms(started))
        return Attempt(ok=True, response=f"sent to {len(to)} recipient(s)", duration_ms=_ms(started))

    return send


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)
