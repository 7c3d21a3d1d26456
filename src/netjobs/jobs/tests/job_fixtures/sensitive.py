"""Jobs with sensitive input: it must never be stored in clear, and must be gone once the run starts."""

from netjobs.apps.jobs import Job, StringVar


def _payload_erased(job):
    job.result.refresh_from_db(fields=["sensitive_payload"])
    return job.result.sensitive_payload is None


class SensitiveInput(Job):
    username = StringVar()
    password = StringVar(sensitive=True)

    def run(self, data, commit):
        return {
            "username": data["username"],
            "password_length": len(data["password"]),
            "payload_erased_at_start": _payload_erased(self),
        }


class AllSensitive(Job):
    class Meta:
        has_sensitive_variables = True

    token = StringVar()
    region = StringVar()

    def run(self, data, commit):
        return {"token_length": len(data["token"]), "payload_erased_at_start": _payload_erased(self)}
