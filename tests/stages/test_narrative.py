def test_third_person_present_pov(analyse):
    text = (
        "Ivy looks at the letter. She knows what it says before she opens it.\n\n"
        "Her brother watches Ivy from the door. He thinks she is going to cry.\n\n"
        "She feels the paper tear. She wonders why she kept it so long.\n"
    )
    work = analyse(text)
    assert work.narrative.person == "third"
    assert work.narrative.tense == "present"
    assert work.character(work.narrative.pov).name == "Ivy"


def test_first_person_past(analyse):
    text = (
        "I walked down to the harbour that morning. My coat was too thin and I regretted it.\n\n"
        '"You look frozen," said Pell.\n\n"I am," I said. I sat down beside him and watched the boats.\n'
    )
    work = analyse(text)
    assert work.narrative.person == "first"
    assert work.narrative.tense == "past"
    assert work.narrative.tense_shares["past"] > 0.5
