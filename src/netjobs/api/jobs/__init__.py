"""Jobs, results and log lines over HTTP: netjobs' own paths (`/api/jobs/…`) and the spec's and Nautobot 2's
(`/api/extras/…`), served by the same views."""
