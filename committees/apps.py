from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Committees"

    def ready(self):
        from core import permissions, registries

        from . import attention, demo, messy, rules

        permissions.register(rules.PERMISSIONS)
        registries.register_area(
            "Committees",
            url_name="committees:index",
            path="/committees/",
            summary="Meetings, agendas, reports, minutes and packs.",
            app_labels=["committees"],
            public_title="Committees and meetings",
            public_summary="Agendas, reports, minutes and decisions.",
        )
        registries.register_upload_view("committees:report_action")  # the appendix upload
        registries.register_attention(attention.items_for)
        # The demo meetings refer to the people, indicators, cards, risks and budgets made before.
        registries.register_demo(
            "committees", demo.load, after=["performance", "reportcards", "riskregister", "finance"]
        )
        registries.register_demo("committees (messy)", messy.load, messy=True)
