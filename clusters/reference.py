"""Wallonia's competitiveness poles and the clusters known around 2014 (DOMAIN.md).

Seeded once by a data migration; staff edit them afterwards. Founding years are
given where the source states them; the rest is left for staff to fill in.
"""

POLES = (
    # (name, acronym, sector, recognised since)
    ("BioWin", "BioWin", "Health, biotechnology", 2006),
    ("Skywin", "Skywin", "Aerospace", 2006),
    ("Wagralim", "Wagralim", "Agri-food", 2006),
    ("Logistics in Wallonia", "LiW", "Transport and logistics", 2006),
    ("MecaTech", "MecaTech", "Mechanical engineering", 2006),
    ("GreenWin", "GreenWin", "Green chemistry, sustainable materials, environmental technologies", 2011),
)

CLUSTERS = (
    # (name, acronym, sector)
    ("CAP 2020", "CAP 2020", "Sustainable construction"),
    ("Cluster Eco-construction", "Eco-construction", "Eco-construction"),
    ("Cluster TWEED", "TWEED", "Sustainable energy"),
    ("Infopôle Cluster TIC", "Infopôle", "Information and communication technologies"),
    ("Cluster TWIST", "TWIST", "Image, sound and text technologies"),
    ("Cluster Déchets", "Déchets", "Waste"),
)
