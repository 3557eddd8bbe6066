"""Where an event takes place and how to take part in it.

Attendance replaces the ``online`` flag: online events become ``online``, the others
``in-person`` (an editor marks the hybrid ones). The free-text ``location`` is split into
venue and city where it ends with the name of the event's country, in English or in the
page's language ("Sibiu, Romania" -> city "Sibiu"; "Hofburg, Vienna, Austria" -> venue
"Hofburg", city "Vienna"); any other text is kept word for word as the location label, which
the page shows instead. Nothing typed is lost, in the pages nor in their revisions (a draft
holds the old fields too). Undone, a page's location is rebuilt from the label, else from
venue, city and country; revisions keep the new fields.
"""

import django.core.validators
import django.db.models.deletion
import django_countries.fields
import events.taking_part
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models
from django.utils import translation
from django_countries import countries

EN = "en"


def country_names(code, language_code):
    """The country's names an editor may have typed: English and the page's language."""
    names = set()
    for language in {EN, language_code}:
        with translation.override(language):
            names.add(str(countries.name(code)).casefold())
    return names


def split_location(location, country_code, language_code):
    """``(venue, city, label)`` from the old free-text location."""
    parts = [part.strip() for part in location.split(",")]
    if country_code and len(parts) > 1 and all(parts):
        if parts[-1].casefold() in country_names(country_code, language_code):
            *venue, city = parts[:-1]
            return ", ".join(venue), city, ""
    return "", "", location.strip()


def moved(content, language_code):
    """The new fields' values from the old ones of an event (a row or a revision's content)."""
    venue, city, label = split_location(
        content.get("location") or "", content.get("country") or "", language_code
    )
    return {
        "attendance": "online" if content.get("online") else "in-person",
        "venue": venue,
        "city": city,
        "location_label": label,
    }


def event_revisions(apps):
    """The saved revisions of events, whose drafts hold the old fields too."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="events", model="eventpage").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type=content_type)


def forwards(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    languages = {}
    for event in EventPage.objects.select_related("locale").iterator():
        languages[event.pk] = event.locale.language_code
        values = moved(
            {"location": event.location, "country": event.country.code, "online": event.online},
            event.locale.language_code,
        )
        for name, value in values.items():
            setattr(event, name, value)
        event.save(update_fields=list(values))
    for revision in event_revisions(apps).iterator():
        content = revision.content
        if "location" not in content and "online" not in content:
            continue
        language_code = languages.get(int(revision.object_id), EN)
        content.update(moved(content, language_code))
        content.pop("location", None)
        content.pop("online", None)
        revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    EventPage = apps.get_model("events", "EventPage")
    for event in EventPage.objects.iterator():
        event.online = event.attendance == "online"
        place = [event.venue, event.city, event.country.name if event.country else ""]
        event.location = event.location_label or ", ".join(part for part in place if part)
        event.save(update_fields=["online", "location"])


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0007_taxonomies_moved"),
        ("taxonomies", "0002_organisation_kind_closed_and_own_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="eventpage",
            name="attendance",
            field=models.CharField(
                choices=[
                    ("in-person", "In person"),
                    ("online", "Online"),
                    ("hybrid", "Hybrid (in person and online)"),
                ],
                db_index=True,
                default="in-person",
                max_length=10,
                verbose_name="attendance",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="city",
            field=models.CharField(blank=True, max_length=100, verbose_name="city"),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="contacts",
            field=wagtail.fields.StreamField(
                [("contact", 4)],
                blank=True,
                block_lookup={
                    0: ("wagtail.blocks.CharBlock", (), {"label": "Name"}),
                    1: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {"help_text": "Such as Spokesperson.", "label": "Role", "required": False},
                    ),
                    2: ("wagtail.blocks.EmailBlock", (), {"label": "E-mail", "required": False}),
                    3: (
                        "wagtail.blocks.CharBlock",
                        (),
                        {
                            "label": "Telephone",
                            "max_length": 40,
                            "required": False,
                            "validators": [
                                django.core.validators.RegexValidator(
                                    "^\\+?[0-9(][0-9 ()./-]{4,30}$",
                                    "Enter a telephone number: digits, spaces and - ( ) . /, optionally starting with +.",
                                )
                            ],
                        },
                    ),
                    4: (
                        "wagtail.blocks.StructBlock",
                        [[("name", 0), ("role", 1), ("email", 2), ("phone", 3)]],
                        {},
                    ),
                },
                verbose_name="contacts",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="interpretation",
            field=events.taking_part.LanguageCodesField(
                blank=True,
                default=list,
                help_text="The languages interpreted into.",
                verbose_name="interpretation",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="livestream_url",
            field=models.URLField(blank=True, max_length=500, verbose_name="livestream link"),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="location_label",
            field=models.CharField(
                blank=True,
                help_text="Shown instead of venue, city and country, e.g. “Online meeting (CET/GMT+1 time zone)”.",
                max_length=255,
                verbose_name="location label",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="recording_url",
            field=models.URLField(blank=True, max_length=500, verbose_name="recording link"),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="registration_deadline_date",
            field=models.DateField(blank=True, null=True, verbose_name="registration deadline"),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="registration_deadline_time",
            field=models.TimeField(
                blank=True,
                help_text="In the event's time zone; leave blank for the end of the day.",
                null=True,
                verbose_name="deadline time",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="registration_open",
            field=models.CharField(
                choices=[
                    ("automatic", "Automatic: until the deadline, or until the event ends"),
                    ("open", "Open"),
                    ("closed", "Closed"),
                ],
                default="automatic",
                max_length=10,
                verbose_name="registration open",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="registration_url",
            field=models.URLField(blank=True, max_length=500, verbose_name="registration link"),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="venue",
            field=models.CharField(
                blank=True,
                help_text="The building or room, e.g. Hofburg Congress Centre.",
                max_length=255,
                verbose_name="venue",
            ),
        ),
        migrations.AddField(
            model_name="eventpage",
            name="working_languages",
            field=events.taking_part.LanguageCodesField(
                blank=True, default=list, verbose_name="working languages"
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="country",
            field=django_countries.fields.CountryField(
                blank=True,
                db_index=True,
                help_text="Required unless the event is online only.",
                max_length=2,
                verbose_name="country",
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="fields_of_work",
            field=modelcluster.fields.ParentalManyToManyField(
                related_name="events", to="taxonomies.fieldofwork", verbose_name="fields of work"
            ),
        ),
        migrations.AlterField(
            model_name="eventpage",
            name="source",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="taxonomies.organization",
                verbose_name="source",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(
            model_name="eventpage",
            name="location",
        ),
        migrations.RemoveField(
            model_name="eventpage",
            name="online",
        ),
    ]
