"""The admin's date pickers, keeping what the editor typed.

Wagtail's pickers (the xdsoft date-time picker) check a typed date against their one
display format when the field loses focus, and put today's date in place of anything
else: ``29.10.2015`` or ``29 October 2015`` became today without a word, and
``2027-03-10 15:00`` in a date field lost its time. With that check off, what the editor
typed stays in the field and the form reads it with the interface language's input
formats (``config/formats``): a date it understands is kept, anything else is refused
with a message next to the field. Picking a date in the calendar works as before.

Registered for every model ``DateField``, ``TimeField`` and ``DateTimeField`` of the admin's forms by
``CoreConfig.ready`` (Wagtail's ``register_form_field_override``).
"""

from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

KEEP_TYPED_TEXT = {"validateOnBlur": False}


class TypedDateInput(AdminDateInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class TypedTimeInput(AdminTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}


class TypedDateTimeInput(AdminDateTimeInput):
    def get_config(self):
        return {**super().get_config(), **KEEP_TYPED_TEXT}
