"""Demonstration data for the clusters part: 2014–2015 awareness actions with the
seeded poles and clusters, their members' needs, and leads, some of which led to
applications of the 2014 pilot call."""

import datetime as dt
import zoneinfo

from django.db import transaction

from vouchers.intake.enums import PartyRole
from vouchers.models import Application, ApplicationParty, Company

from .models import AwarenessAction, Contact, NeedAssessment, NeedItem, Organisation
from .services import lead_create, lead_move

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")

# (acronyms, kind, title, date, status, place or "" for online, audience sme/creative/staff/other)
ACTIONS = (
    (
        ("Wagralim",),
        "info_session",
        "Le design au service de l’agroalimentaire",
        (2014, 6, 24, 14),
        "held",
        "Gembloux",
        (32, 6, 3, 2),
    ),
    (
        ("MecaTech",),
        "member_event",
        "Créativité et ingénierie : présentation aux membres",
        (2014, 7, 3, 9),
        "held",
        "Mons",
        (41, 2, 5, 0),
    ),
    (
        ("GreenWin",),
        "workshop",
        "Atelier éco-conception",
        (2014, 8, 28, 13),
        "held",
        "Louvain-la-Neuve",
        (14, 7, 2, 1),
    ),
    (
        ("CAP 2020", "Eco-construction"),
        "matchmaking",
        "Rencontres construction durable × créatifs",
        (2014, 9, 11, 17),
        "held",
        "Namur",
        (22, 18, 4, 3),
    ),
    (
        ("Infopôle", "TWIST"),
        "info_session",
        "UX et design numérique pour les PME",
        (2014, 9, 18, 10),
        "held",
        "Liège",
        (27, 11, 3, 4),
    ),
    (
        ("Skywin",),
        "one_to_one",
        "Rencontre avec l’équipe de Skywin",
        (2014, 9, 25, 11),
        "held",
        "Gosselies",
        (0, 0, 2, 0),
    ),
    (
        ("BioWin",),
        "newsletter",
        "Article : le chèque créativité expliqué",
        (2014, 10, 1, 8),
        "held",
        "",
        (0, 0, 0, 350),
    ),
    (
        ("LiW",),
        "info_session",
        "Packaging et logistique : ce que le design change",
        (2014, 10, 14, 14),
        "cancelled",
        "Liège",
        (0, 0, 0, 0),
    ),
    (
        ("TWEED",),
        "workshop",
        "Design de services pour l’énergie",
        (2014, 11, 20, 9),
        "held",
        "Namur",
        (12, 5, 2, 0),
    ),
    (
        ("Wagralim", "LiW"),
        "study_visit",
        "Visite d’un atelier d’emballage",
        (2015, 2, 12, 10),
        "held",
        "Herstal",
        (9, 4, 2, 1),
    ),
    (
        ("Déchets", "GreenWin"),
        "matchmaking",
        "Upcycling : déchets et créateurs",
        (2015, 3, 19, 16),
        "held",
        "Charleroi",
        (15, 12, 3, 2),
    ),
    (
        ("MecaTech", "Skywin"),
        "workshop",
        "Prototypage rapide et design industriel",
        (2015, 4, 23, 9),
        "held",
        "Liège",
        (18, 6, 4, 0),
    ),
    (
        ("Infopôle",),
        "member_event",
        "Les industries créatives au salon des membres",
        (2015, 6, 4, 13),
        "held",
        "Mons",
        (35, 9, 2, 6),
    ),
    (
        ("BioWin",),
        "info_session",
        "Design et dispositifs médicaux",
        (2015, 9, 17, 14),
        "held",
        "Louvain-la-Neuve",
        (19, 5, 3, 2),
    ),
    (
        ("Wagralim", "GreenWin", "MecaTech"),
        "matchmaking",
        "Grande rencontre PME × créatifs 2015",
        (2015, 11, 26, 9),
        "planned",
        "Namur",
        (0, 0, 0, 0),
    ),
)

# (acronym, date, method, respondents, [(category, need, priority, companies)])
NEEDS = (
    (
        "Wagralim",
        (2014, 7, 15),
        "survey",
        48,
        [
            ("packaging", "Emballages plus durables et plus lisibles", 1, 19),
            ("branding", "Identité de marque pour l’export", 2, 11),
            ("product_design", "Nouveaux formats de produits", 2, 7),
        ],
    ),
    (
        "MecaTech",
        (2014, 8, 5),
        "interview",
        12,
        [
            ("product_design", "Ergonomie des machines", 1, 8),
            ("digital_ux", "Interfaces des commandes numériques", 2, 5),
        ],
    ),
    (
        "Infopôle",
        (2014, 10, 2),
        "workshop",
        20,
        [
            ("digital_ux", "Expérience utilisateur des applications", 1, 14),
            ("service_design", "Conception de services en ligne", 2, 6),
        ],
    ),
    (
        "GreenWin",
        (2015, 1, 20),
        "survey",
        30,
        [
            ("process_innovation", "Éco-conception des procédés", 1, 10),
            ("branding", "Communiquer la durabilité", 3, 4),
        ],
    ),
)

# (acronym, member, need, action index or None, moves, pilot application index or None)
LEADS = (
    (
        "Wagralim",
        "Biscuiterie du Condroz",
        "Un coffret réutilisable",
        0,
        ("introduced", "in_discussion", "voucher_application"),
        0,
    ),
    (
        "MecaTech",
        "Ateliers mécaniques de Herve",
        "Ergonomie d’un poste de travail",
        1,
        ("introduced", "in_discussion", "contracted"),
        None,
    ),
    (
        "GreenWin",
        "Chimie verte SA",
        "Éco-conception d’un flacon",
        2,
        ("introduced", "in_discussion", "voucher_application"),
        1,
    ),
    (
        "CAP 2020",
        "Menuiserie Lambotte",
        "Mobilier modulaire",
        3,
        ("introduced", "in_discussion", "voucher_application"),
        2,
    ),
    ("Infopôle", "Logiciels Meuse", "Refonte de l’interface", 4, ("introduced",), None),
    ("TWEED", "Énergie Ourthe", "Parcours client", 8, ("introduced", "dropped"), None),
    ("Wagralim", "Fromagerie de Battice", "Nouvelle étiquette", 9, ("introduced", "in_discussion"), None),
    ("Déchets", "Recyclerie du Hainaut", "Gamme upcyclée", 10, ("contracted",), None),
    ("Skywin", "Composites Aéro", "Design d’un siège", 11, (), None),
    (
        "Infopôle",
        "Agence Web Namur",
        "Application mobile",
        12,
        ("introduced", "in_discussion", "voucher_application"),
        3,
    ),
)


def seed_clusters_demo(*, staff):
    """Create the demonstration actions, needs and leads once; returns False if they exist."""
    if AwarenessAction.objects.exists():
        return False
    organisations = {organisation.acronym: organisation for organisation in Organisation.objects.all()}
    pilot = list(
        Application.objects.filter(call__slug="creativity-vouchers-2014", reference__isnull=False).order_by(
            "reference"
        )
    )
    with transaction.atomic():
        actions = []
        for acronyms, kind, title, when, status, place, audience in ACTIONS:
            action = AwarenessAction.objects.create(
                kind=kind,
                title=title,
                starts_at=dt.datetime(*when, tzinfo=BRUSSELS),
                ends_at=dt.datetime(*when, tzinfo=BRUSSELS) + dt.timedelta(hours=3),
                place=place,
                online=not place,
                status=status,
                audience_sme=audience[0],
                audience_creative=audience[1],
                audience_cluster_staff=audience[2],
                audience_other=audience[3],
                description="Présentation du chèque créativité et de projets menés avec des créatifs.",
                outcomes="Plusieurs entreprises demandent une mise en relation." if status == "held" else "",
            )
            action.organisations.set([organisations[acronym] for acronym in acronyms])
            actions.append(action)
        for acronym, when, method, respondents, items in NEEDS:
            assessment = NeedAssessment.objects.create(
                organisation=organisations[acronym],
                assessed_on=dt.date(*when),
                method=method,
                respondents=respondents,
            )
            for category, need, priority, companies in items:
                NeedItem.objects.create(
                    assessment=assessment,
                    category=category,
                    description=need,
                    priority=priority,
                    companies_concerned=companies,
                )
        creatives = _creative_companies()
        for index, (acronym, member, need, action_index, moves, application_index) in enumerate(LEADS):
            action = actions[action_index] if action_index is not None else None
            lead = lead_create(
                actor=staff,
                organisation=organisations[acronym],
                member_name=member,
                need_summary=need,
                creative_business=creatives[index % len(creatives)] if creatives else None,
                action=action,
                identified_on=(action.starts_at.date() if action else dt.date(2014, 9, 1))
                + dt.timedelta(days=2),
            )
            application = pilot[application_index] if application_index is not None and pilot else None
            for step, status in enumerate(moves, start=1):
                if status == "voucher_application" and application is None:
                    break
                lead_move(
                    lead=lead,
                    to_status=status,
                    actor=staff,
                    on=lead.identified_on + dt.timedelta(days=14 * step),
                    application=application if status == "voucher_application" else None,
                )
        Contact.objects.create(
            organisation=organisations["Wagralim"],
            name="Chargée de mission innovation (démo)",
            role="Innovation",
            email="innovation@wagralim.example",
            consent_to_contact=True,
        )
        # What applicants of the pilot answered to "how did you hear of the call".
        for application, (acronym, action) in zip(
            pilot[4:10],
            [("Wagralim", None), ("MecaTech", None), (None, 0), (None, 3), (None, 4), ("Infopôle", None)],
            strict=False,
        ):
            Application.objects.filter(pk=application.pk).update(
                heard_via="cluster_or_pole" if acronym else "awareness_action",
                heard_via_organisation=organisations.get(acronym),
                heard_via_action=actions[action] if action is not None else None,
            )
    return True


def _creative_companies():
    """Creative providers of the registry (written at submission), for the leads."""
    numbers = ApplicationParty.objects.filter(role=PartyRole.CREATIVE).values_list(
        "enterprise_number", flat=True
    )
    return list(Company.objects.filter(enterprise_number__in=numbers).order_by("name")[:6])
