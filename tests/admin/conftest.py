"""Fixtures of the admin tests: one user per editorial role, logged-in clients, the workflow."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from editorial.workflows import assign_moderation_workflow


@pytest.fixture
def make_user(db):
    """``make_user("editor", "Editors")``: a user in the given groups (none: no rights at all)."""

    def make(username, *group_names):
        user = get_user_model().objects.create_user(
            username=username, email=f"{username}@example.org", password="password"
        )
        user.groups.set(Group.objects.filter(name__in=group_names))
        return user

    return make


@pytest.fixture
def editor(make_user):
    return make_user("editor", "Editors")


@pytest.fixture
def moderator(make_user):
    return make_user("moderator", "Moderators")


@pytest.fixture
def translator(make_user):
    return make_user("translator", "Translators")


@pytest.fixture
def client_for():
    """``client_for(user)``: a test client logged in as ``user``."""

    def logged_in(user):
        client = Client()
        client.force_login(user)
        return client

    return logged_in


@pytest.fixture
def moderated_tree(site_tree):
    """The test tree with "Moderators approve" on Events and News, as the demo loader leaves it."""
    assign_moderation_workflow(site_tree.events)
    assign_moderation_workflow(site_tree.news)
    return site_tree
