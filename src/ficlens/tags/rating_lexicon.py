"""Word groups the passage rater reads besides single words: what a sex scene, an assault, a wound, a death or a
minor's age is made of, so a passage in other words than the training passages still shows what it describes."""

from __future__ import annotations

from ficlens.tags.signals import words

LEXICON = {
    "sex_body": words(
        r"cocks?|clit\w*|pussy|nipples?|breasts?|erection|groin|his length|(?:wet|slick) (?:and|with)|"
        r"between (?:her|his|my) (?:legs|thighs)|(?:her|his|my) (?:bare|naked) \w+"
    ),
    "sex_act": words(
        r"thrust\w*|moan\w*|orgasm\w*|climax\w*|came|cum\w*|stroke[sd]?|stroking|lick\w*|suck\w*|grind\w*|"
        r"inside (?:her|him|me)|fuck(?:s|ed|ing)? (?:me|her|him)|fucks|r[oi]de (?:him|her|me)|spill\w*|hard against"
    ),
    "sex_reference": words(
        r"sle(?:pt|ep|eping) (?:with|together)|(?:had|have|having) sex|made love|mak(?:e|ing) love|"
        r"virgin\w*|undress\w*|naked|zip|belt|waistband|bra|underwear|mistress|bedroom|into bed|to bed|in bed"
    ),
    "force": words(
        r"no,? stop|said no|please,? no|no,? please|against (?:my|her|his) will|forc(?:ed|es|ing)|pinned|"
        r"held (?:her|him|me) down|struggl\w*|begg?\w*|rap(?:e|ed|es|ing|ist)|assault\w*|too drunk|whimper\w*|sob\w*"
    ),
    "minor_age": words(r"(?:thirteen|fourteen|fifteen|sixteen|seventeen|1[0-7])(?:[- ]years?[- ]old)?|underage"),
    "gore": words(
        r"blood\w*|bled|bleed\w*|gore|entrails|guts|brains?|skull|bones?|flesh|stump|sever\w*|spray\w*|spurt\w*|"
        r"pump\w*|artery|throat|wounds?|crushed|gouged?"
    ),
    "attack": words(
        r"stabb?\w*|slash\w*|knife|blade|axe|sword|shot|shoots?|gun\w*|bullet|blast|bomb|kick\w*|punch\w*|"
        r"beat\w*|club|struck|strikes?|hit|slapp?\w*|shove\w*|fist|hanged"
    ),
    "death": words(
        r"died|dies|dead|death|killed|corpses?|bod(?:y|ies)|(?:his|her) eyes (?:close|closed|went glassy)|"
        r"last breath|stopped breathing|bled out"
    ),
}
