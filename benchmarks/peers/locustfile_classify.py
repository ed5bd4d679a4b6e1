"""Locust cross-check for the text-serving study (issue 7): closed-loop load on the classify route.

Every simulated user posts ``{"text": ...}`` to ``/v1/models/${MLE4J_MODEL:-sms-spam-int8}/classify``
back to back (wait time 0, like the mle4j closed-loop load runner), rotating over ten SMS-like
messages (ham and spam). A response counts as a failure unless it is HTTP 200 with a ``label``
among the body's ``scores``. The same file drives the Java server and the Python peer
(``text_serving_peer.py``): only ``--host`` changes.

Headless run (10 users, all started in the first second, 20 s)::

    mkdir -p out
    MLE4J_MODEL=sms-spam-int8 locust -f benchmarks/peers/locustfile_classify.py --headless \\
        -u 10 -r 10 -t 20s --host http://127.0.0.1:PORT --csv out/peer --only-summary

Reading the results: ``out/peer_stats.csv`` has one row per request name plus an
``Aggregated`` row. Use the ``classify`` row: ``Requests/s`` is the throughput (requests over
the whole run, ramp-up included), ``50%``, ``95%`` and ``99%`` are latency percentiles in
milliseconds measured by Locust on the client side (connection + server + JSON parsing; Locust
rounds them to about two significant digits), ``Failure Count`` must be 0.
``out/peer_stats_history.csv`` has the same columns every second (drop the first seconds as
warm-up if needed), ``out/peer_failures.csv`` lists failures by error.
For example::

    python3 -c "import csv; r=[x for x in csv.DictReader(open('out/peer_stats.csv')) if x['Name']=='classify'][0]; \\
    print({k: r[k] for k in ('Request Count','Failure Count','Requests/s','50%','95%','99%')})"

The user class is ``FastHttpUser`` (geventhttpclient): it uses far less CPU per request than the
requests-based ``HttpUser``, which matters when Locust shares a small machine with the server.
"""

import itertools
import json
import os

from locust import FastHttpUser, constant, task

MODEL = os.environ.get("MLE4J_MODEL", "sms-spam-int8")

MESSAGES = (
    "Hey, are we still on for dinner tonight? I'll be there around 7.",
    "WINNER!! You have been selected to receive a 900 prize reward. Call 09061701461 to claim now.",
    "Ok lar... Joking wif u oni...",
    "FREE entry in 2 a wkly comp to win FA Cup final tkts 21st May 2005. Text FA to 87121 to receive entry",
    "Sorry, I'll call you later. In a meeting right now.",
    "URGENT! Your mobile number has won a 2000 bonus caller prize. Call 09058094455 from a land line.",
    "Can you pick up some milk on your way home?",
    "Congratulations! You've won a free holiday to the Canary Islands. Reply WIN to 80086 now, 18+ only",
    "I'm going to be a bit late, the bus hasn't come yet",
    "Your account has a pending refund of 150. Click http://bit.ly/refund-now to verify your details today",
)

# Start offsets handed out in user-creation order (per Locust process), so runs are repeatable.
_START_OFFSETS = itertools.count()


class ClassifyUser(FastHttpUser):
    """One closed-loop client: posts one message, waits for the answer, posts the next."""

    wait_time = constant(0)

    def on_start(self):
        # Users start at different messages so the mix stays even from the first second.
        self.index = next(_START_OFFSETS) % len(MESSAGES)

    @task
    def classify(self):
        text = MESSAGES[self.index]
        self.index = (self.index + 1) % len(MESSAGES)
        with self.client.post(
            f"/v1/models/{MODEL}/classify",
            data=json.dumps({"text": text}),
            headers={"Content-Type": "application/json"},
            name="classify",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return
            try:
                body = response.json()
            except ValueError:
                response.failure("response is not JSON")
                return
            if body.get("label") not in (body.get("scores") or {}):
                response.failure(f"no label among the scores: {response.text[:200]}")
