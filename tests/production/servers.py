"""The pieces of a real deployment that tests/production starts on this machine.

``TCPProxy`` forwards a local port to PostgreSQL or Redis and can be cut (its
listener closed, its connections dropped) and restored on the same port: to the app,
exactly a database or cache server that goes away and comes back. It can also be
frozen: connections stay open and are even accepted, but nothing is forwarded either
way, as with a paused server or a network partition (a *stuck* service). ``Gunicorn`` runs the
project's gunicorn.conf.py with production settings in a subprocess. ``S3Server`` is an
S3-compatible object store (moto's server) with the bucket docs/deployment.md describes.
Everything listens on 127.0.0.1 only.
"""

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
from django.conf import settings

GUNICORN = Path(sys.executable).with_name("gunicorn")


# Requests to loopback servers never go through a proxy the environment may name.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def reachable(host, port, timeout=1.0):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port():
    """A port where nothing listens (the OS's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TCPProxy:
    """Forwards 127.0.0.1:<port> to ``target``, one pair of threads per connection."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self._listener = None
        self._accepting = None
        self._sockets = set()
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        listener.settimeout(0.1)
        self._listener = listener
        self._accepting = threading.Event()
        self._accepting.set()
        threading.Thread(target=self._accept, args=(listener, self._accepting), daemon=True).start()
        return self

    def _accept(self, listener, accepting):
        while accepting.is_set():
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=2)
            except OSError:
                client.close()
                continue
            client.settimeout(None)
            upstream.settimeout(None)
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                self._flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(source, sink)

    def _drop(self, *sockets):
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            with self._lock:
                self._sockets.discard(sock)

    def cut(self):
        """Nothing listens on the port any more, and every open connection is dropped."""
        self._accepting.clear()
        self._listener.close()
        with self._lock:
            open_sockets = list(self._sockets)
        self._drop(*open_sockets)

    def restore(self):
        return self.start()

    def freeze(self):
        """Connections stay open, new ones are accepted, and nothing gets through."""
        self._flowing.clear()

    def thaw(self):
        """What was held back is delivered, and traffic flows again."""
        self._flowing.set()

    def stop(self):
        self.thaw()
        if self._accepting and self._accepting.is_set():
            self.cut()


class Gunicorn:
    """``gunicorn -c gunicorn.conf.py`` with the given environment, output kept in files.

    Production needs a shared cache: by default the server uses the real Redis on
    127.0.0.1:6379 (the tests' database 13), under a key prefix of its own.
    """

    def __init__(self, env, log_dir):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stdout = Path(log_dir) / f"gunicorn-{self.port}.out"
        self.stderr = Path(log_dir) / f"gunicorn-{self.port}.err"
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN_", "SENTRY_"))},
            "DJANGO_SETTINGS_MODULE": "tests.production.gunicorn_settings",
            "SECRET_KEY": "gunicorn-test-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "2",
            "REDIS_URL": "redis://127.0.0.1:6379/13",
            "CACHE_KEY_PREFIX": f"gunicorn-test-{uuid.uuid4().hex[:8]}",
            **env,
        }
        self.process = None

    def __enter__(self):
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", "gunicorn.conf.py"],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=err,
            )
        deadline = time.monotonic() + 30
        while not reachable("127.0.0.1", self.port, timeout=0.2):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"gunicorn did not start:\n{self.stderr.read_text()}")
            time.sleep(0.2)
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def get(self, path, timeout=15):
        """(status, headers, body text, seconds taken) of a GET; error statuses too."""
        started = time.monotonic()
        request = urllib.request.Request(self.url + path, headers={"Accept-Language": "en"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        return status, headers, body.decode(), time.monotonic() - started

    def workers_booted(self):
        return self.stderr.read_text().count("Booting worker")


class S3Server:
    """moto's S3 server in its own process, with one empty bucket whose policy is the one
    docs/deployment.md asks for: anyone may read ``images/*`` (renditions), nothing else.

    ``environment`` holds the variables that point a deployment's media at it.
    """

    BUCKET = "cms-media"
    REGION = "us-east-1"
    KEYS = {"AWS_ACCESS_KEY_ID": "test-access-key", "AWS_SECRET_ACCESS_KEY": "test-secret-key"}

    def __init__(self):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.client = None

    @property
    def environment(self):
        return {
            "AWS_STORAGE_BUCKET_NAME": self.BUCKET,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": self.REGION,
            **self.KEYS,
        }

    def __enter__(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                assert self.process.poll() is None, "moto's server did not start"
                try:
                    OPENER.open(f"{self.endpoint}/moto-api/", timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "moto's server did not answer"
                    time.sleep(0.1)
            self.client = boto3.client(
                "s3",
                endpoint_url=self.endpoint,
                region_name=self.REGION,
                aws_access_key_id=self.KEYS["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=self.KEYS["AWS_SECRET_ACCESS_KEY"],
            )
            self.client.create_bucket(Bucket=self.BUCKET)
            self.client.put_bucket_policy(
                Bucket=self.BUCKET, Policy=json.dumps(self.public_renditions_policy())
            )
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)

    @classmethod
    def public_renditions_policy(cls):
        return {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{cls.BUCKET}/images/*",
                }
            ],
        }

    def keys(self, prefix=""):
        listing = self.client.list_objects_v2(Bucket=self.BUCKET, Prefix=prefix)
        return {entry["Key"] for entry in listing.get("Contents", [])}
