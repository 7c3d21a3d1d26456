"""Events: webhooks and e-mail notifications about runs, delivered by workers through an outbox.

Signal receivers only insert outbox rows (`WebhookDelivery`, `EmailDelivery`); a delivery thread in each worker
process (or `netjobs webhooks deliver`) claims and sends them, so a slow or dead endpoint never slows a job.
"""
