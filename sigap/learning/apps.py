from django.utils.translation import gettext_lazy as _

from sigap.platform.declarations import ALL_STAFF, MenuEntry, Role, SigapAppConfig

# Row scope (accounts.scope, resource "learning.learning"): the agency, a unit head's
# subtree, or one's own ledger.
VIEW = (
    "learning.view_all_learning",
    "learning.view_unit_learning",
    "learning.view_own_learning",
)
OVERSEE = ("learning.view_all_learning", "learning.view_unit_learning")
MANAGE = "learning.manage_all_programme"
APPROVE = ("learning.approve_all_enrolment", "learning.approve_unit_enrolment")
NOMINATE = ("learning.nominate_all_enrolment", "learning.nominate_unit_enrolment")
OVERRIDE = "learning.override_budget"


class LearningConfig(SigapAppConfig):
    default = True
    name = "sigap.learning"
    label = "learning"
    verbose_name = _("Pengembangan kompetensi")
    permissions = {
        "learning.view_all_learning": frozenset(
            {Role.HR, Role.AGENCY_ADMIN, Role.LEADERSHIP, Role.INSPECTOR}
        ),
        "learning.view_unit_learning": frozenset({Role.UNIT_HEAD}),
        # Every ASN with a login sees their own ledger, history and announcements.
        "learning.view_own_learning": ALL_STAFF,
        # BKPSDM runs the catalogue, sessions, attendance, completions, budgets, JP
        # rules and socialisation.
        "learning.manage_all_programme": frozenset({Role.HR, Role.AGENCY_ADMIN}),
        "learning.nominate_all_enrolment": frozenset({Role.HR}),
        "learning.nominate_unit_enrolment": frozenset({Role.UNIT_HEAD}),
        "learning.approve_all_enrolment": frozenset({Role.HR}),
        "learning.approve_unit_enrolment": frozenset({Role.UNIT_HEAD}),
        # Authority to approve past a budget's ceiling, with a reason (audited).
        "learning.override_budget": frozenset({Role.AGENCY_ADMIN, Role.LEADERSHIP}),
    }
    menu = (
        MenuEntry(_("Pembelajaran saya"), "learning:mine", "learning.view_own_learning", order=40),
        MenuEntry(_("Program pengembangan"), "learning:programmes", VIEW, order=41),
        MenuEntry(_("Capaian 20 JP"), "learning:below_20", OVERSEE, order=42),
        MenuEntry(_("Kebutuhan pelatihan"), "learning:needs", OVERSEE, order=43),
        MenuEntry(_("Anggaran pengembangan"), "learning:budgets", OVERSEE, order=44),
        MenuEntry(_("Mentoring dan coaching"), "learning:mentoring", OVERSEE, order=45),
        MenuEntry(_("Sosialisasi kebijakan"), "learning:announcements", OVERSEE, order=46),
        MenuEntry(_("Aturan konversi JP"), "learning:jp_rules", MANAGE, order=47),
        MenuEntry(_("Dampak perpindahan"), "learning:moves", OVERSEE, order=48),
    )
    public_menu = (MenuEntry(_("Cek sertifikat pelatihan"), "learning:verify", "", order=60),)
    urls = "sigap.learning.urls"
    api_router = "sigap.learning.api:router"
    demo_seeder = "sigap.learning.demo:seed"
    demo_after = ("tenancy", "accounts", "workcal", "workforce", "services")
    periodic_tasks = ("sigap.learning.tasks:jp_reminders",)

    def ready(self) -> None:
        # The cached "N of M" of the "below target" lists count placed ASN: any write to
        # an employee, position or assignment makes them stale (``learning.counts``).
        from sigap.learning import counts
        from sigap.platform.stamps import renew_on_writes
        from sigap.workforce.models import Assignment, Employee, Position
        from sigap.workforce.signals import registry_changed

        renew_on_writes(
            counts.changed,
            (Employee, Position, Assignment),
            uid="learning.counts",
            bulk=registry_changed,
        )
