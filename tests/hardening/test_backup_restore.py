"""make backup / make restore on a real PostgreSQL: a page and an uploaded file come back.

Needs PostgreSQL (POSTGRES_TEST_URL, default postgres://postgres@127.0.0.1:5432/postgres)
and its client programs; skipped with the reason when either is missing. Works on a
throwaway database of its own, dropped at the end.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
SERVER_URL = os.environ.get("POSTGRES_TEST_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SHELL_SETUP = """
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Page
from home.models import StandardPage
"""


def run(args, env, check=True):
    result = subprocess.run(
        args, cwd=PROJECT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if check:
        assert result.returncode == 0, result.stderr + result.stdout
    return result


def django(env, code):
    command = [sys.executable, "manage.py", "shell", "--no-imports", "-c", SHELL_SETUP + code]
    return run(command, env).stdout.strip()


def make(target, env, check=True):
    return run(["make", "--no-print-directory", "-s", target], env, check=check)


@pytest.fixture(scope="module")
def postgres():
    psycopg = pytest.importorskip("psycopg")
    missing = [tool for tool in ("pg_dump", "pg_restore", "make") if not shutil.which(tool)]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed")
    try:
        connection = psycopg.connect(SERVER_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"no PostgreSQL at {SERVER_URL}: {error}")
    name = f"backup_test_{uuid.uuid4().hex[:10]}"
    connection.execute(f'CREATE DATABASE "{name}"')
    yield SERVER_URL.rsplit("/", 1)[0] + "/" + name
    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    connection.close()


@pytest.fixture(scope="module")
def site(postgres, tmp_path_factory):
    """A migrated database with one page and one uploaded document."""
    folder = tmp_path_factory.mktemp("backup")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": postgres,
        "MEDIA_ROOT": str(folder / "media"),
        "BACKUP_DIR": str(folder / "backups"),
    }
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], env)
    django(
        env,
        """
root = Page.get_first_root_node()
root.add_child(instance=StandardPage(title="Our mandate", slug="our-mandate", intro="Kept safe"))
Document.objects.create(title="Annual report", file=ContentFile(b"%PDF-1.4 report", name="Annual report.pdf"))
""",
    )
    return env


def state(env):
    return django(
        env,
        """
page = StandardPage.objects.filter(slug="our-mandate").first()
document = Document.objects.filter(title="Annual report").first()
print(page and page.intro, document and document.file.name)
""",
    )


def test_backup_then_restore_brings_back_the_page_and_the_file(site):
    media = Path(site["MEDIA_ROOT"])
    intro, stored = state(site).rsplit(" ", 1)  # documents/<random folder>/Annual-report.pdf
    assert intro == "Kept safe" and re.fullmatch(r"documents/[\w-]{16}/Annual-report\.pdf", stored)
    assert (media / stored).read_bytes() == b"%PDF-1.4 report"

    backup = Path(make("backup", site).stdout.strip().splitlines()[-1])
    assert backup.parent == Path(site["BACKUP_DIR"])
    assert sorted(path.name for path in backup.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
    ]

    # Things go wrong: the page edited, the document deleted, its file gone, a stray file.
    django(
        site,
        """
StandardPage.objects.filter(slug="our-mandate").update(intro="Vandalised")
Document.objects.all().delete()
""",
    )
    (media / stored).unlink(missing_ok=True)
    (media / "stray.txt").write_text("not in the backup")
    assert state(site) == "Vandalised None"

    result = make("restore", {**site, "BACKUP": str(backup)})
    assert "restored" in result.stdout
    assert state(site) == f"Kept safe {stored}"
    assert (media / stored).read_bytes() == b"%PDF-1.4 report"
    assert not (media / "stray.txt").exists()


def test_a_damaged_backup_restores_nothing(site, tmp_path):
    backup = Path(make("backup", site).stdout.strip().splitlines()[-1])
    damaged = tmp_path / "damaged"
    shutil.copytree(backup, damaged)
    with open(damaged / "database.dump", "r+b") as dump:
        dump.seek(100)
        dump.write(b"\xff\xff\xff")
    django(site, 'StandardPage.objects.filter(slug="our-mandate").update(intro="Changed since")')
    result = make("restore", {**site, "BACKUP": str(damaged)}, check=False)
    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert state(site).startswith("Changed since")


@pytest.mark.parametrize("target", ["backup", "restore"])
@pytest.mark.parametrize("url", ["sqlite:///db.sqlite3", "mysql://user@host/db", ""])
def test_refused_without_a_postgresql_database(target, url, tmp_path):
    env = {**os.environ, "DATABASE_URL": url, "BACKUP_DIR": str(tmp_path), "BACKUP": "x"}
    result = make(target, env, check=False)
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_restore_needs_a_backup_folder(tmp_path):
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@127.0.0.1/none"}
    env.pop("BACKUP", None)
    result = make("restore", env, check=False)
    assert result.returncode != 0
    assert "BACKUP=" in result.stderr
    result = make("restore", {**env, "BACKUP": str(tmp_path)}, check=False)
    assert "is missing" in result.stderr


def redis_is_running():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="needs Redis on 127.0.0.1:6379")
def test_restore_leaves_no_stale_cache(site):
    """As docs/deployment.md says to restore: pages served (and cached in Redis) after a change,
    the app stopped, the backup restored, the app started: visitors see the restored page,
    not what the cache kept of the replaced data. Each step is a process of its own, like
    the app servers, sharing the Redis cache."""
    app = {
        **site,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "CACHE_KEY_PREFIX": f"restore-test-{uuid.uuid4().hex[:8]}",
    }
    publish = """
page = StandardPage.objects.get(slug="our-mandate")
page.intro = {intro!r}
page.save_revision().publish()
"""
    visit = """
from django.test import Client
print(Client().get("/en/", HTTP_HOST="localhost").content.decode())
"""
    django(
        app,
        """
from wagtail.models import Site
Site.objects.update_or_create(
    is_default_site=True,
    defaults={"hostname": "localhost", "port": 80, "root_page": StandardPage.objects.get(slug="our-mandate")},
)
"""
        + publish.format(intro="Before the backup"),
    )
    assert "Before the backup" in django(app, visit)
    backup = Path(make("backup", app).stdout.strip().splitlines()[-1])

    django(app, publish.format(intro="Changed after the backup"))
    assert "Changed after the backup" in django(app, visit)  # now in the response cache

    result = make("restore", {**app, "BACKUP": str(backup)})
    assert "Site cache emptied" in result.stdout
    page = django(app, visit)
    assert "Before the backup" in page
    assert "Changed after the backup" not in page
