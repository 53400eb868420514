"""Feature code that analysis and training share, and nothing else: the declared API of `training/`.

- `speaker`: candidate speakers and their feature rows (`quote_features`), what the rule attributor saw
  (`RuleEvidence`, `RuleResult`, read from an analysed Work with `rule_result`);
- `addressee`: candidate listeners and their rows (`addressee_features`);
- `coreference`: pronoun antecedents and their rows (`antecedent_features`), pronoun links (`pronoun_links`).
Changing a feature means retraining the model that reads it (the script each loader names).
"""

MAX_CONVERSATION_GAP = 3  # paragraphs of narration between utterances of one conversation
