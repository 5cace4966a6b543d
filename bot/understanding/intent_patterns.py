"""The keyword patterns of `intents`, kept apart so the rules read as a short list.

Every pattern runs over a message's folded words with trust names as "T" and postcodes as "P".
Word lists are easy to extend; keep alternatives whole words (`\\b` on both sides).
"""

from __future__ import annotations

import re
from types import MappingProxyType

# "how are you", "how do I get to Leeds": "how" questions that are not about a trust.
_NOT_ABOUT_TRUSTS = (
    r"(?! (?:you|u|ya|we|i|things|everyone|everybody|life|it going|your|ur|yours|the weather)\b)"
)
# What people ask of a hospital they or a relative are going to ("is it any good").
_VERDICT = (
    r"(?:any good|good|bad|ok|okay|alright|safe|decent|rubbish|terrible|awful|failing|struggling"
    r"|improving|reliable|well rated|highly rated|getting (?:better|worse))\b"
)
# Words asking about a named trust. Kept to league-table vocabulary so that "check out the
# Leeds market" or "details of the party" do not turn chatter into a request.
LOOKUP = re.compile(
    r"\bseg(?:ment)?s?\b|\brank\w*\b|\bleague\b|\bpositions?\b|\bscor(?:e|es|ed|ing)\b"
    r"|\bratings?\b|\brated\b|\bperform\w*\b|\bstanding\b|\bstats\b|\bstatistics\b"
    r"|\blatest\b|\boversight\b|\bnof\b|\bany good\b|\bhow (?:good|bad)\b"
    r"|\b(?:still|so|that|really|very) (?:good|bad)\b|\btell me about\b|\bshow me\b"
    r"|\bwhat about\b|\bhow about\b|\binfo(?:rmation)? (?:on|about|for)\b|\bupdate on\b"
    r"|\bnews (?:on|about)\b|\blook ?up\b|\bin the (?:table|tables|league)\b"
    r"|\bhow(?:s| is| are| r| did| does| do| has| have)\b"
    + _NOT_ABOUT_TRUSTS
    + r"|\b(?:is|are) (?:the |my |our )?(?:(?:local )?hospitals? (?:in|at) )?T (?:hospitals? )?"
    + _VERDICT
    # "my nan is in Treliske, is it good", "is it a good hospital?": "it" is the named trust.
    + r"|\b(?:is|are) (?:it|this|that|they|she|he)(?: a| an)? "
    + _VERDICT
    + r"|\bshould (?:i|we) (?:be )?(?:worried|concerned)\b"
    r"|\b(?:worried|concerned) about (?:T|it)\b"
    r"|\bwhats (?:going on|happening|up|the (?:story|deal|latest|situation))\b"
    r"|\b(?:last|this|previous|latest|current) quarter\b|\bq[1-4]\b"
)
# "what is York Hospital like": a lookup, unless the name is only a town ("what's Truro like").
LIKE = re.compile(
    r"\bwhat(?:s| is| are)? (?:the )?T(?: hospitals?)? like\b|\bwhat(?:s| is) it like\b"
)
# Explicit signs that two mentions of one trust are compared ("Musgrove vs Yeovil").
COMPARED = re.compile(
    r"\bT (?:v|vs|versus|or|against|compared (?:to|with)) T\b|\bcompar\w* T (?:and|with|to) T\b"
)
COMPARE = re.compile(
    r"\bcompar\w*\b|\bbetter\b|\bworse\b|\bthan\b|\bagainst\b|\bstack up\b|\bhigher\b"
    r"|\blower\b|\bdifference\b|\bwhich (?:is|one|ranks|does|has|of)\b|\bhead to head\b"
)
WEAK_COMPARE = frozenset({"v", "vs", "versus", "or", "and", "with", "to"})
UNSUBSCRIBE = re.compile(
    r"\b(?:unsubscribe|unfollow|opt out)\b"
    r"|\b(?:stop|no more|cancel|turn off|mute|disable|dont send|dont want)\b.*"
    r"\b(?:updates?|alerts?|notifications?|messages|subscriptions?)\b"
)
SUBSCRIBE = re.compile(
    r"\bsubscribe\b|\bfollow T\b|^follow\b|\bsign (?:me )?up\b|\b(?:alert|notify|ping) me\b"
    r"|\b(?:tell|message|update|inform) me (?:when|if)\b|\blet me know (?:when|if)\b"
    r"|\bkeep me (?:posted|updated|informed)\b"
    r"|\b(?:send|give) me (?:quarterly |regular |monthly )?(?:updates|alerts|notifications)\b"
    r"|\b(?:quarterly |regular )?(?:alerts|updates|notifications) (?:for|on|about)\b"
    r"|\b(?:id|i would|would) like (?:quarterly |regular )?(?:alerts|updates|notifications)\b"
)
# A greeting to the bot gets the help text ("hiya", "good morning bot"); one to a group
# ("morning all", "hi everyone") is chatter and is left alone.
GREETING = re.compile(
    r"^(?:(?:hi|hiya|hii+|hello|helo|hallo|hey|heya|heyy+|yo|howdy|greetings|morning|afternoon"
    r"|evening|good (?:morning|afternoon|evening|day)|there|bot|nhs bot|league bot)\b ?)+"
)
HELP = re.compile(
    r"^(?:help|start|menu|commands|help me|what is this|whats this|what are you)$"
    r"|\bwhat (?:can|do) (?:you|u|this bot|the bot|it) do\b"
    r"|\bhow (?:do|can|should) (?:i|we|you|u) use\b"
    r"|\bhow does (?:this|the) (?:bot )?work\b|\b(?:what are|list) (?:your|the) commands\b"
    r"|\bwho are you\b|\binstructions\b|\bcommands\b|\bhow do(?:es)? (?:it|this) work\b"
)
WHY = re.compile(r"\b(?:why|what|whats|how|hows|explain|mean|means|meaning)\b")
EXPLAIN_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("cap", re.compile(r"\b(?:capp?ed|capping|cap|deficit cap|override|held back|stuck)\b")),
    (
        "scores",
        re.compile(
            r"\b(?:scores?|scoring|points)\b.*\b(?:calculated|worked out|computed|determined"
            r"|decided|made up|work)\b|\bhow (?:do|does|are|is) .*\b(?:scored|calculated)\b"
        ),
    ),
    (
        "ranking",
        re.compile(
            r"\bhow (?:are|is|do|does) .*\b(?:ranked|ranking|rankings|league tables?)\b.*"
            r"\b(?:work|worked out|calculated|decided|determined|done)\b"
            r"|\bhow (?:are|do) (?:trusts|they|you) (?:get )?rank(?:ed)?\b"
        ),
    ),
    (
        "segments",
        re.compile(
            r"\bwhat (?:does|do|is|s|are)(?: a| the)? seg(?:ment)?s?\b(?! T)"
            r"|\bwhats(?: a| the)? seg(?:ment)?s?\b(?! T)|\bseg(?:ment)?s? (?:\d )?means?\b"
            r"|\bmeaning of (?:a )?segments?\b"
            r"|\bexplain\w*\b|\bmethodology\b|\bnof\b|\boversight framework\b"
            r"|\bwhat(?:s| is| does)(?: the| a)? (?:recovery support|rsp)\b"
        ),
    ),
)
NEAR = re.compile(
    r"\bnear me\b|\bnearest\b|\bclosest\b|\blocal (?:hospital|trust|a and e|nhs)s?\b"
    r"|\bnear (?:here|my|where i live)\b"
)
TOP = re.compile(
    r"\b(?:top|best|highest|leading|greatest|strongest|number one|no 1|first place"
    r"|ranked (?:first|highest|top))\b"
)
BOTTOM = re.compile(
    r"\b(?:bottom|worst|lowest|poorest|weakest|last place|ranked (?:last|lowest|bottom)"
    r"|(?:is|are|come|came|comes) last)\b"
)
RANKED_THING = re.compile(
    r"\b(?:trusts?|hospitals?|services?|ambulance|acute|mental|community|performing|performers"
    r"|ranked|rated|who|whos|which|list|in the country|in england|nationally)\b"
)
LIST = re.compile(r"\b(?:list|which|what|show|trusts?|hospitals?|all|any|who|whos)\b")
# "any" asks for a list ("any trusts in segment 4?") but not in "is it any good".
WANTS_LIST = re.compile(
    r"\b(?:list|which|show|all|any(?! good| better| worse| use)|who|whos"
    r"|what (?:trusts|hospitals|ones))\b"
)
REGION_LIST = re.compile(
    r"\b(?:list|show|trusts?|hospitals?|which ones|who covers|icbs?|ics|integrated care)\b"
)
# A town, county or ICB ("T") used as a place: "in T", "T hospitals", "trusts of T".
IN_AREA = re.compile(
    r"\bin (?:the )?T\b|\bT (?:trusts|hospitals)\b|^(?:trusts|hospitals) (?:in|of) T"
)
AMBULANCE = re.compile(r"\bambulances?\b|\bparamedics?\b")
# Plural organisations in an area: a filter even in a "how are ... doing" question.
PLURAL_AREA = re.compile(r"\b(?:trusts|hospitals|services) (?:in|across|around|for) (?:the )?T\b")
# Signs of chatter about a place rather than a question about its trust ("Bolton v Wigan today").
CHATTER = re.compile(
    r"\b(?:today|tonight|tomorrow|yesterday|weekend|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|match|game|kick ?off|fixture|pub|party|lift|trip|holiday|weather"
    r"|(?:day|night|days|nights) out"
    r"|raining|watching|playing|visiting|shopping|season|football|rugby|cricket|fans?|goals?"
    r"|won|lost|beat|draw|premier|championship|(?:top|bottom) of the (?:league|table))\b"
)
NHS_WORDS = re.compile(
    r"\b(?:segments?|nhs|trusts?|hospitals?|oversight|nof|ranking|a and e|patients?|waits?)\b"
)
NUMBER_WORDS = MappingProxyType(
    {
        "one": 1,
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "fifteen": 15,
        "twenty": 20,
    }
)
_NUMBER = r"(\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
LIMIT = re.compile(
    r"\b(?:top|bottom|best|worst|first|last|lowest|highest) "
    + _NUMBER
    + r"\b|\b"
    + _NUMBER
    + r" (?:best|worst|top|bottom|highest|lowest)\b"
)
SEGMENT = re.compile(r"\bseg(?:ment)?s? ?(\d|one|two|three|four|five)\b")
# NOF segment 5 is the Recovery Support Programme.
RECOVERY = re.compile(r"\brecovery support(?: programme| program)?\b|\brsp\b")
TRUST_TYPES = (
    ("mental-health-community", re.compile(r"\bmental health\b|\bmh\b|\bcommunity\b|\bpsych")),
    ("ambulance", re.compile(r"\bambulance\b")),
    ("acute", re.compile(r"\bacute\b")),
)
METRICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("other", re.compile(r"\b12 ?(?:hour|hr|h)s?\b|\b(?:52|65|78|104) ?weeks?\b")),
    (
        "ambulance_response",
        re.compile(
            r"\bcat(?:egory)? ?[1-4]\b|\bresponse times?\b|\brespond\w*\b|\bhandovers?\b"
            r"|\bget(?:ting)? to (?:calls|patients|people|emergencies)\b"
            r"|\bambulances? (?:times?|waits?|waiting times?|delays?)\b"
            r"|\bhow (?:quick|quickly|fast|long|slow)\b.*\bambulances?\b"
            r"|\bambulances?\b.*\bhow (?:quick|quickly|fast|long|slow)\b"
        ),
    ),
    ("other", re.compile(r"\b(?:take|takes|taken|took|convey\w*)\b.*\b(?:a and e|ae|a e)\b")),
    (
        "ae_4h",
        re.compile(
            r"\ba and e\b|\ba e\b|\bae\b|\baccident and emergency\b|\bemergency department\b"
            r"|\bcasualty\b|\b(?:4|four) ?(?:hour|hr|h)s?\b"
        ),
    ),
    (
        "rtt_18w",
        re.compile(
            r"\b(?:18|eighteen) ?weeks?\b|\brtt\b|\breferral to treatment\b|\bwaiting lists?\b"
            r"|\belective\b|\bplanned (?:care|treatment|operations)\b"
        ),
    ),
    (
        "cancer",
        re.compile(
            r"\bcancer\b|\b(?:62|31|28) ?days?\b|\bfaster diagnosis\b|\bfds\b|\b2ww\b"
            r"|\b(?:2|two) ?weeks? wait\b|\boncology\b"
        ),
    ),
    (
        "finance",
        re.compile(
            r"\bfinanc\w*\b|\bdeficit\b|\bsurplus\b|\bbudget\b|\bmoney\b|\boverspen\w*\b"
            r"|\bin the red\b|\bdebts?\b|\bbreak ?even\b"
        ),
    ),
    (
        "staff_survey",
        re.compile(
            r"\bstaff (?:survey|engagement|morale|satisfaction)\b|\bengagement\b|\bmorale\b"
            r"|\bplace to work\b"
        ),
    ),
    (
        "other",
        re.compile(
            r"\bc ?diff\w*\b|\bmrsa\b|\be ?coli\b|\binfections?\b|\bmortality\b|\bshmi\b"
            r"|\bdeaths?\b|\bsickness\b|\babsence\b|\bturnover\b|\bleavers?\b|\bcommunity waits?\b"
            r"|\bwaits\b|\bwaiting times?\b|\blength of stay\b|\bdischarges?\b|\bout of area\b"
            r"|\bdiagnostics?\b|\bcrisis\b|\bbed occupancy\b|\bvacanc\w*\b"
        ),
    ),
)
QUESTION = re.compile(r"\b(?:what|whats|how|hows|which|where|show|tell|give)\b")
