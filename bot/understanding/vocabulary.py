"""Hand-written word lists: what is ordinary English, what is generic in NHS names, regions.

Kept apart from the logic so reviewers can extend a list without reading the matcher. Words
are written plainly; the index stems them with `normalise.stem` when it is built.
"""

from __future__ import annotations

from types import MappingProxyType

# Ordinary words that are also (parts of) aliases or near typos of name words. A one-word
# alias that is an ordinary word only counts with a sign that a name is meant (capital
# letter, apostrophe, "hospital" next to it); these words are never spell-corrected.
COMMON_WORDS = frozenset(
    """
    a about above after again against all alert alerts also am an and any anyone anything are
    area as at away back bad bank bath be because been before being best better between big
    bit bottom bus but by call calls came can cancel car care case cat change changes chat check
    child christmas city close coast come coming compare could country cross data day days dear
    did do does doing done dont down each east ease else end even ever every eye fair family
    fancy far fast fine first for free friday from front full game gave general get gets getting
    give go goes going gone good gosh got great green guy guys had hall has have having he hear
    heart hello help her here hey hi high him his hold home hope hospital hot hour hours house how
    i if im in into is it its job just keep kind king kings know lane las last late later least
    left let life like line list live lol long look lot love lovely made mail main make man many
    march market may me mean meeting met mid might mind minutes mine monday more morning most
    much mum must my nan near need never new news next nice night nights no none north not now
    of off ok old on once one only open or other our out over own pah park part party people
    phone place please plus point post put quarter queen question quick rank rate rather reading
    real really right road room rose round royal run said same sash saturday say says scan see seen
    send she shattered should show sick side since sister slam so some soon south speech stand
    start state stay still stop street such sunday sure table take talk team tell than thanks
    that the their them then there these they thing things think this those though through
    thursday time to today told tonight too top town tuesday under until up update updates upon
    us use used very wait waiting want ward was watch watching way we wednesday week weekend
    weeks well went were west what when where which while who whole why will with within work
    works worse worst would yas yeah year years yes yet you your united
    chase fleet manor guest vale nightingale conquest friary italian woodland parkland
    springfield highbury
    """.split()
)

# Given names that are also one-word site names ("Victoria Hospital"): not aliases on their own.
FIRST_NAMES = frozenset(
    """
    alex alexandra anne charles david edward elizabeth ellen george harold jack james jane jimmy
    john joseph louise margaret mark mary matthew michael peter richard robert rowan scott sophie
    thomas tom tommy victoria william gordon julian penn palmer johnson richardson hartley
    franklyn fenwick corbett newton norton clifton cavendish colman rathbone freeman
    """.split()
)

# Words of NHS names that say what kind of organisation it is, not which one.
GENERIC_WORDS = frozenset(
    """
    acute alliance ambulance and at birth building care center central centre chest children
    city clinic college combined community county day diagnostic disability district eastern
    eye for general great greater group hall health healthcare heart home hospital house
    in infirmary integrated learning lodge main medical memorial mental mid new north
    northern of on orthopaedic partnership primary prince princess queen road royal service
    services social south southern specialist st street teaching the treatment trust unit
    university upon walk war ward west western wing women forest valley wood court
    east
    """.split()
)

# Region words: region names are filters, never trust aliases on their own.
REGION_WORDS = frozenset(
    """
    london midlands england yorkshire anglia humber north south east west northwest northeast
    southeast southwest country national nationally uk britain
    """.split()
)

# Counties and similar areas that appear in trust names but are rarely town names.
COUNTIES = frozenset(
    """
    bedfordshire berkshire buckinghamshire cambridgeshire cheshire cornwall cumbria derbyshire
    devon dorset durham essex gloucestershire hampshire herefordshire hertfordshire kent
    lancashire leicestershire lincolnshire merseyside norfolk northamptonshire northumberland
    northumbria nottinghamshire oxfordshire shropshire somerset staffordshire suffolk surrey
    sussex warwickshire wiltshire wirral worcestershire
    """.split()
)

# Words that, right after a name, show an organisation is meant ("Leeds hospital").
ORG_WORDS = frozenset(
    """
    hospital hospitals infirmary trust trusts nhs ft foundation hosp hosps healthcare
    """.split()
)

# Words that carry no request and no name: a message made only of these and names is a
# bare lookup ("treliske", "Frimley Park?", "the LGI please").
FILLER_WORDS = frozenset(
    """
    the a an in at of and hospital hospitals hosp trust trusts nhs ft foundation please pls
    plz hi hey hello ok okay so um er bot mate cheers for on
    mental health healthcare community ambulance service services teaching university
    infirmary general acute partnership care clinic centre center unit
    """.split()
)

# Canonical NOF regions and the phrases people use for them (longest phrases first).
REGION_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("north east and yorkshire", "North East and Yorkshire"),
    ("yorkshire and the humber", "North East and Yorkshire"),
    ("yorkshire and humber", "North East and Yorkshire"),
    ("ne and yorkshire", "North East and Yorkshire"),
    ("east of england", "East"),
    ("west midlands", "Midlands"),
    ("east midlands", "Midlands"),
    ("east anglia", "East"),
    ("north east", "North East and Yorkshire"),
    ("north west", "North West"),
    ("south east", "South East"),
    ("south west", "South West"),
    ("northeast", "North East and Yorkshire"),
    ("northwest", "North West"),
    ("southeast", "South East"),
    ("southwest", "South West"),
    ("yorkshire", "North East and Yorkshire"),
    ("midlands", "Midlands"),
    ("london", "London"),
    ("the east", "East"),
)

# Words in aliases that need more than the word itself ("an MRI scan", "St George's day").
VETO_NEXT = MappingProxyType(
    {
        "mri": frozenset({"scan", "scans", "scanner", "scanners", "machine", "result", "results"}),
        "st": frozenset({"day"}),
    }
)
VETO_PREVIOUS = MappingProxyType(
    {
        "mri": frozenset(
            {"a", "an", "my", "had", "having", "need", "needs", "get", "got", "his", "her"}
        ),
    }
)
# Aliases with another everyday meaning (README): only counted with a sign of a name.
CONTEXT_ONLY = frozenset({"mri", "tommys", "jr", "qa", "pah"})
