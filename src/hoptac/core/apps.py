import json

from django.apps import AppConfig
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"

    def ready(self):
        from django.apps import apps

        if apps.is_installed("wagtail.admin"):  # commands started without the back office (hoptac.cli) skip it
            start_choosers_without_inline_scripts()


def start_choosers_without_inline_scripts():
    """Wagtail's chooser widgets (image, document, page, snippet) end in an inline
    ``<script>new ImageChooser(id, options)</script>``, which the Content-Security-Policy
    refuses. They render a hidden marker instead, naming the constructor, the input and
    the options; ``hoptac/admin_widgets.js`` runs it (also for widgets added later)."""
    from wagtail.admin.widgets.chooser import BaseChooser

    default_render_js_init = BaseChooser.render_js_init

    def render(self, name, value, attrs=None, renderer=None):
        try:
            id_ = attrs["id"]
        except (KeyError, TypeError) as e:
            raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
        value_data = self.get_value_data(value)
        html = self.render_html(name, value_data, attrs)
        if type(self).render_js_init is not default_render_js_init:  # a widget with its own script: as Wagtail does
            return mark_safe(f"{html}<script>{self.render_js_init(id_, name, value_data)}</script>")  # noqa: S308
        options = self.get_js_init_options(id_, name, value_data)
        return format_html('{}<span hidden data-hoptac-construct="{}" data-for="{}" data-options="{}"></span>',
                           mark_safe(html), self.js_constructor, id_, json.dumps(options))  # noqa: S308

    BaseChooser.render = render
