"""The home page of the demo shop, composed of content blocks: a banner
leading to the kitchen, a teaser of featured products and a welcome text."""
from catalogue import Text

PAGE = {
    'name': Text("Startseite", "Home"),
    'slug': Text("startseite", "home"),
    }
BANNER = {
    'category': 'kitchen',
    'picture': ('HERBST', "Herbst in der Küche", 'circle'),
    'headline': Text("Herbst in der Küche", "Autumn in the kitchen"),
    'text': Text(
        "Töpfe, Pfannen und Messer für die Schmorgerichte der kalten Tage.",
        "Pots, pans and knives for the stews of the cold days."),
    'alt': Text(
        "Ein orangefarbener Kreis über dem Schriftzug „Herbst in der Küche“",
        "An orange circle above the words “Herbst in der Küche”"),
    }
TEASER = {
    'headline': Text("Empfohlene Produkte", "Featured products"),
    'count': 8,
    }
WELCOME = Text(
    """<h2>Willkommen bei Nordlicht</h2>
<p>Seit 2012 verkaufen wir aus Hamburg Kleidung und Küchenwaren, die lange
halten. Wir versenden innerhalb von 2–4 Werktagen, und Sie können jede
Bestellung 14 Tage lang widerrufen.</p>""",
    """<h2>Welcome to Nordlicht</h2>
<p>Since 2012 we have been selling clothing and kitchenware that lasts from
Hamburg. We ship within 2–4 working days, and you can withdraw from every
order for 14 days.</p>""")
