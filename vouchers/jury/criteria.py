"""The evaluation criteria of the 2014 call (weights are the call's settings, editable)."""

from decimal import Decimal

PILOT_CRITERIA = [
    {
        "code": "added-value",
        "position": 1,
        "label_fr": "Valeur ajoutée créative, au-delà de l’esthétique",
        "label_en": "Creative added value beyond aesthetics",
        "guidance_fr": "Ce que la créativité change réellement pour l’entreprise : produit, processus, marché. "
        "Un simple habillage ou un site vitrine ne suffit pas.",
        "guidance_en": "What creativity really changes for the company: product, process, market. "
        "A cosmetic job or a showcase website is not enough.",
        "weight": Decimal("35"),
    },
    {
        "code": "duo",
        "position": 2,
        "label_fr": "Qualité et complémentarité du duo PME – prestataire créatif",
        "label_en": "Quality and complementarity of the SME–creative duo",
        "guidance_fr": "Compétences, références et apport de chacun ; mélange de savoir-faire différents.",
        "guidance_en": "Skills, references and contribution of each partner; a real mix of different skills.",
        "weight": Decimal("25"),
    },
    {
        "code": "impact",
        "position": 3,
        "label_fr": "Impact attendu sur les produits, les processus ou le marché de la PME",
        "label_en": "Expected impact on the SME’s products, processes or market",
        "guidance_fr": "Indicateurs mesurables, situation de départ et cibles crédibles.",
        "guidance_en": "Measurable indicators, credible baselines and targets.",
        "weight": Decimal("25"),
    },
    {
        "code": "feasibility",
        "position": 4,
        "label_fr": "Faisabilité, plan de travail et budget",
        "label_en": "Feasibility, workplan and budget",
        "guidance_fr": "Tâches, calendrier dans la période d’exécution, budget cohérent avec le devis.",
        "guidance_en": "Tasks, timing within the execution period, a budget consistent with the quotation.",
        "weight": Decimal("15"),
    },
]
