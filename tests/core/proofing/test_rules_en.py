"""The built-in English grammar rules: what each finds, what it leaves alone, and with Harper."""

from __future__ import annotations

import re

import pytest
from grammar_rules_support import clean_texts

from desktop.core.proofing import Proofer
from desktop.core.proofing.model import CheckInput, Issue
from desktop.core.proofing.rules import builtin_rule_sets
from desktop.core.proofing.rules.en import checker

RULES = checker("en")

# (rule, text, flagged text, first suggestion)
POSITIVES = [
    ("agreement", "The parcels was delivered yesterday.", "was", "were"),
    ("agreement", "The invoices has been paid.", "has", "have"),
    ("agreement", "Our records shows that you paid twice.", "shows", "show"),
    ("agreement", "The items in your basket was reserved.", "was", "were"),
    ("agreement", "All the documents isn't ready yet.", "isn't", "aren't"),
    ("agreement", "They was very helpful.", "was", "were"),
    ("agreement", "She don't work here any more.", "don't", "doesn't"),
    ("your_youre", "Your welcome to call us at any time.", "Your", "You're"),
    ("your_youre", "We have received you're order.", "you're", "your"),
    ("your_youre", "If your interested, please reply.", "your", "you're"),
    ("your_youre", "Thank you for you’re patience.", "you’re", "your"),
    ("its_its", "Its been three weeks since your order.", "Its", "It's"),
    ("its_its", "The box and it's lid were damaged.", "it's", "its"),
    ("its_its", "Its important that you keep the receipt.", "Its", "It's"),
    ("its_its", "The company changed it's name.", "it's", "its"),
    ("less_fewer", "We received less items than we ordered.", "less", "fewer"),
    ("less_fewer", "There were less complaints this year.", "less", "fewer"),
    ("less_fewer", "Less customers called in May.", "Less", "Fewer"),
    ("then_than", "The new box costs more then the old one.", "then", "than"),
    ("then_than", "We would rather refund you then replace it.", "then", "than"),
    ("then_than", "The delivery was faster then expected.", "then", "than"),
    ("affect_effect", "The affect of the delay was serious.", "affect", "effect"),
    ("affect_effect", "The side affects are minor.", "affects", "effects"),
    ("affect_effect", "The new rules take affect tomorrow.", "affect", "effect"),
    ("affect_effect", "This will effect you directly.", "effect", "affect"),
    ("whose_whos", "Who's order is this?", "Who's", "Whose"),
    ("whose_whos", "The customer who's parcel was lost has called.", "who's", "whose"),
    ("whose_whos", "We do not know whose going to call.", "whose", "who's"),
    ("modal_of", "You could of told us earlier.", "could of", "could have"),
    ("modal_of", "We should of sent it sooner.", "should of", "should have"),
    ("modal_of", "It must of been lost in transit.", "must of", "must have"),
    ("a_an", "Please send a email to our team.", "a", "an"),
    ("a_an", "This is an unique opportunity.", "an", "a"),
    ("a_an", "It took a hour to arrive.", "a", "an"),
    ("a_an", "We will send an new box.", "an", "a"),
    ("me_and", "Me and my colleague will visit you.", "Me and my colleague", "My colleague and I"),
    ("me_and", "Me and John will call you tomorrow.", "Me and John", "John and I"),
    ("me_and", "My colleague and me will visit you.", "me", "I"),
    ("me_and", "Between you and I, the price is high.", "I", "me"),
    ("advice_advise", "Please advice us of your new address.", "advice", "advise"),
    ("advice_advise", "Kindly advice when the goods arrive.", "advice", "advise"),
    ("advice_advise", "Thank you for your advise.", "advise", "advice"),
    ("loose_lose", "You will not loose your deposit.", "loose", "lose"),
    ("loose_lose", "We do not want to loose your custom.", "loose", "lose"),
    ("loose_lose", "We are loosing money on every order.", "loosing", "losing"),
    ("hear_here", "We look forward to here from you.", "here", "hear"),
    ("hear_here", "We hope to here from you soon.", "here", "hear"),
    ("hear_here", "We were sorry to here about the delay.", "here", "hear"),
    ("there_their", "Their is a problem with your order.", "Their", "There"),
    ("there_their", "We will send it to there office.", "there", "their"),
    ("there_their", "Their going to call you.", "Their", "They're"),
    ("there_their", "They're order was shipped.", "They're", "Their"),
    ("there_their", "There going to call you tomorrow.", "There", "They're"),
    ("your_youre", "Please confirm that your available on Monday.", "your", "you're"),
    ("advice_advise", "Thank you for your advise on this matter.", "advise", "advice"),
    ("agreement", "Several customers has complained.", "has", "have"),
    ("a_an", "Our shop has an user forum.", "an", "a"),
    ("to_too", "It is to late to cancel the order.", "to", "too"),
    ("to_too", "The parcel was to heavy for the courier.", "to", "too"),
    ("to_too", "There were to many errors.", "to", "too"),
    ("to_too", "Please reply too this email.", "too", "to"),
    ("alot", "We received alot of orders.", "alot", "a lot"),
    ("alot", "Thanks alot for your help.", "alot", "a lot"),
    ("alot", "Alot has changed since then.", "Alot", "A lot"),
    ("irregardless", "Irregardless of the outcome, we will refund you.", "Irregardless", "Regardless"),
    ("irregardless", "We will refund you irregardless.", "irregardless", "regardless"),
    ("irregardless", "The fee applies irregardless of the amount.", "irregardless", "regardless"),
    ("double_negative", "We did not receive no payment.", "did not receive no", "did not receive any"),
    ("double_negative", "We don't need no further documents.", "don't need no", "don't need any"),
    ("double_negative", "We cannot do nothing about it.", "cannot do nothing", "cannot do anything"),
    ("double_negative", "We never got nothing from them.", "never got nothing", "never got anything"),
    ("agreement", "The forms you sent us was incomplete.", "was", "were"),
    ("agreement", "The figures in the annual report includes tax.", "includes", "include"),
    ("agreement", "The parts for your boiler has arrived.", "has", "have"),
    ("agreement", "There's four items missing from the box.", "There's", "There are"),
    ("agreement", "There was several complaints last year.", "There was", "There were"),
    ("past_participle", "We have already began the repairs.", "began", "begun"),
    ("past_participle", "The courier has went to the wrong address.", "went", "gone"),
    ("past_participle", "She had wrote to us twice.", "wrote", "written"),
    ("past_participle", "They haven't took the payment yet.", "took", "taken"),
    ("adverb", "The new printer is working good now.", "good", "well"),
    ("adverb", "The team performed bad in the last quarter.", "bad", "badly"),
    ("adverb", "The machine runs perfect again.", "perfect", "perfectly"),
    ("accept_except", "We except all major credit cards.", "except", "accept"),
    ("accept_except", "Please except our apologies for the delay.", "except", "accept"),
    ("accept_except", "We cannot except responsibility for lost items.", "except", "accept"),
    ("lead_led", "Last week the strike lead to long queues.", "lead", "led"),
    ("lead_led", "The change has lead to fewer complaints.", "lead", "led"),
    ("lead_led", "Yesterday the fault lead to a power cut.", "lead", "led"),
    ("myself", "Mr Brown and myself will attend the meeting.", "myself", "I"),
    ("myself", "Please contact Ms Green or myself with questions.", "myself", "me"),
    ("myself", "Send the forms to my colleague or myself by Friday.", "myself", "me"),
    ("then_than", "Please sign the form and than return it.", "than", "then"),
    ("then_than", "Check the meter, than call us.", "than", "then"),
    ("then_than", "We will repair it and than send it back.", "than", "then"),
    ("who_which", "The engineer which visited you has reported.", "which", "who"),
    ("who_which", "Our driver which delivered the parcel is new.", "which", "who"),
    ("who_which", "The customers which complained were refunded.", "which", "who"),
    ("plural_apostrophe", "All order's placed today ship tomorrow.", "order's", "orders"),
    ("plural_apostrophe", "Several invoice's are overdue.", "invoice's", "invoices"),
    ("plural_apostrophe", "Three parcel's were returned to us.", "parcel's", "parcels"),
    ("agreement", "One of our drivers are on the way.", "are", "is"),
    ("agreement", "Each of the rooms have a desk.", "have", "has"),
    ("agreement", "The director, together with two clerks, are away.", "are", "is"),
    ("look_forward", "We look forward to hear from you.", "hear", "hearing"),
    ("look_forward", "I am looking forward to meet you.", "meet", "meeting"),
    ("look_forward", "We look forward to work with you.", "work", "working"),
]  # fmt: skip

# (rule the sentence might wrongly trigger, correct text): no rule may flag anything
NEGATIVES = [
    ("agreement", "The documents you requested are attached."),
    ("agreement", "The results of the test show no fault."),
    ("agreement", "There are three ways to pay."),
    ("agreement", "There is some confusion about the dates."),
    ("past_participle", "We have already begun the repairs."),
    ("past_participle", "Everything we had went into the project."),
    ("past_participle", "She has written to us twice."),
    ("adverb", "The milk went bad in the heat."),
    ("adverb", "The new printer is working well now."),
    ("adverb", "We are doing good work in the community."),
    ("adverb", "Our staff are working good hours this month."),
    ("accept_except", "Everyone except the manager agreed."),
    ("accept_except", "We accept all major credit cards."),
    ("accept_except", "The shop is open every day except Sunday."),
    ("lead_led", "These changes lead to fewer complaints."),
    ("lead_led", "Last year we chose a manager who will lead the team."),
    ("lead_led", "The pipes contain lead and must be replaced."),
    ("lead_led", "Yesterday we asked her to lead the project."),
    ("myself", "I will take care of it myself."),
    ("myself", "I bought one for my wife and myself."),
    ("myself", "Please contact Ms Green or me with questions."),
    ("then_than", "It costs more than we expected."),
    ("then_than", "Sign the form and then return it."),
    ("then_than", "The bill was higher than usual, and then it rose again."),
    ("who_which", "The engineer who visited you has reported."),
    ("who_which", "The report, which the engineer wrote, is attached."),
    ("who_which", "The customer account which you opened is active."),
    ("plural_apostrophe", "We need two days' notice."),
    ("plural_apostrophe", "All orders placed today ship tomorrow."),
    ("plural_apostrophe", "Many of today's orders are late."),
    ("plural_apostrophe", "Some customer's details were missing."),
    ("agreement", "One of our drivers is on the way."),
    ("agreement", "Each of the rooms has a desk."),
    ("agreement", "The directors, together with two clerks, are away."),
    ("agreement", "None of the parcels were damaged."),
    ("look_forward", "We look forward to hearing from you."),
    ("look_forward", "We look forward to your reply."),
    ("look_forward", "I look forward to the meeting."),
    ("agreement", "The news was better than we expected."),
    ("agreement", "Five days is a long time to wait."),
    ("agreement", "One of the parcels was damaged."),
    ("agreement", "The number of complaints has fallen."),
    ("agreement", "The delay in the deliveries was caused by snow."),
    ("agreement", "The sales reports show a rise."),
    ("agreement", "The series is available in stores."),
    ("agreement", "Thank you was all she said."),
    ("agreement", "How many parcels has the courier delivered?"),
    ("agreement", "The analysis was thorough and the status is green."),
    ("your_youre", "Your welcome pack is attached."),
    ("your_youre", "Your right to a refund is protected."),
    ("your_youre", "You're welcome to call us."),
    ("your_youre", "Your free gift is in the box."),
    ("its_its", "It's been a pleasure to help you."),
    ("its_its", "Its true cost was higher than expected."),
    ("its_its", "The company did its best to help."),
    ("its_its", "It's value for money."),
    ("its_its", "It's time to renew your subscription."),
    ("less_fewer", "Less than ten items remain."),
    ("less_fewer", "We spent less money this year."),
    ("less_fewer", "This is less serious than it looks."),
    ("less_fewer", "The parcel is less heavy now."),
    ("then_than", "If the price is higher then we will refund the difference."),
    ("then_than", "Rather than wait, we refunded you."),
    ("then_than", "We will call you later then."),
    ("then_than", "We checked the parcel and then called you."),
    ("affect_effect", "The effect of the delay was small."),
    ("affect_effect", "This will affect your order."),
    ("affect_effect", "We will effect the transfer on Monday."),
    ("affect_effect", "The changes take effect tomorrow."),
    ("whose_whos", "Who's responsible for this order?"),
    ("whose_whos", "Whose order is this?"),
    ("whose_whos", "Who's calling, please?"),
    ("whose_whos", "The customer whose parcel was lost has called."),
    ("modal_of", "We could of course refund you."),
    ("modal_of", "You should have told us earlier."),
    ("modal_of", "The might of the storm was a surprise."),
    ("a_an", "An hour later the parcel arrived."),
    ("a_an", "We sent an FAQ to all customers."),
    ("a_an", "She studies at a university."),
    ("a_an", "This is a one-off payment."),
    ("a_an", "It is an honour to serve you."),
    ("a_an", "Plan A is cheaper than plan B."),
    ("a_an", "It was an historic day for the shop."),
    ("a_an", "Download a URL list or an sdist archive."),
    ("a_an", "A European customer paid with a euro card."),
    ("me_and", "My colleague and I will visit you."),
    ("me_and", "This is between you and me."),
    ("me_and", "You and I will meet on Monday."),
    ("me_and", "Please call me and my colleague."),
    ("advice_advise", "Please advise us of your new address."),
    ("advice_advise", "Thank you for your advice."),
    ("advice_advise", "We will further advise you next week."),
    ("advice_advise", "Our advice is to wait."),
    ("loose_lose", "The screw came loose."),
    ("loose_lose", "The loose connection was repaired."),
    ("loose_lose", "You will not lose your deposit."),
    ("hear_here", "We look forward to hearing from you."),
    ("hear_here", "Please come here from the station."),
    ("hear_here", "We are glad to be here."),
    ("there_their", "There is a problem with your order."),
    ("there_their", "Their order was shipped."),
    ("there_their", "They're going to call you."),
    ("there_their", "Is there support for this model?"),
    ("there_their", "We left it there yesterday."),
    ("there_their", "There are going to be changes."),
    ("there_their", "Is there going to be a delay?"),
    ("your_youre", "Your available balance is shown below."),
    ("to_too", "It is too late to cancel the order."),
    ("to_too", "We look forward to much success."),
    ("to_too", "Thank you too."),
    ("to_too", "We want to help."),
    ("alot", "We received a lot of orders."),
    ("alot", "We allot two days to each claim."),
    ("alot", "The allotment is ready."),
    ("irregardless", "Regardless of the outcome, we will refund you."),
    ("irregardless", "We will refund you regardless."),
    ("irregardless", "Irrespective of the amount, the fee applies."),
    ("double_negative", "We cannot say no to a loyal customer."),
    ("double_negative", "We will not take no for an answer."),
    ("double_negative", "We did not receive order no. 1234."),
    ("double_negative", "We cannot refund you, no matter what."),
    ("double_negative", "We did not receive any payment."),
    ("double_negative", "The value is not None in the form."),
]  # fmt: skip


def _check(text: str, language: str = "en", **kwargs: object) -> list[Issue]:
    return RULES.check(CheckInput(text, language, **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(("rule", "text", "flagged", "suggestion"), POSITIVES)
def test_rule_finds_the_error(rule: str, text: str, flagged: str, suggestion: str) -> None:
    """Each rule flags exactly the faulty words, as a grammar issue with the right correction."""
    found = [i for i in _check(text) if i.rule_id == f"grammar.en.{rule}"]
    assert len(found) == 1, (text, _check(text))
    issue = found[0]
    assert text[issue.offset : issue.end] == flagged
    assert issue.suggestions[0] == suggestion
    assert issue.category == "grammar"
    assert issue.severity in ("warning", "hint")
    assert issue.message and "{" not in issue.message


@pytest.mark.parametrize(("rule", "text"), NEGATIVES)
def test_rule_leaves_correct_text_alone(rule: str, text: str) -> None:
    """Tricky correct sentences get no issue from any English rule."""
    assert _check(text) == [], rule


def test_every_rule_has_three_positives_and_three_negatives() -> None:
    """The tables above cover every rule at least three times each way."""
    positives = {r for r, *_ in POSITIVES}
    for rule in positives:
        assert sum(r == rule for r, *_ in POSITIVES) >= 3, rule
        assert sum(r == rule for r, _t in NEGATIVES) >= 3, rule


def test_rules_run_for_both_english_variants() -> None:
    """Both English variants get the rule set; British and American spellings both pass."""
    for language in ("en", "en-GB"):
        names = [rules.name for rules in builtin_rule_sets(language)]
        assert "builtin-en" in names
    text = "The colour of the organisation's catalogue and the color of the organization's catalog."
    assert _check(text, "en-GB") == []
    assert _check(text, "en") == []


def test_field_values_are_never_flagged() -> None:
    """An error inside a protected range (a field value) is data, not our text."""
    text = "Re: Your welcome to call us. The parcels was late."
    value = text.index("Your welcome to call us.")
    issues = _check(text, protected=((value, value + len("Your welcome to call us.")),))
    assert [text[i.offset : i.end] for i in issues] == ["was"]


def test_offsets_are_relative_to_the_paragraph() -> None:
    """Two errors in one paragraph: both flagged at their own offsets, curly apostrophes too."""
    text = "Thank you. Its been a week and you’re order was late, so we send a email."
    flagged = [text[i.offset : i.end] for i in _check(text)]
    assert flagged == ["Its", "you’re", "a"]


def test_shipped_and_clean_english_letters_get_no_issue() -> None:
    """Every shipped English template with sample values, and the clean corpus letters: none."""
    texts = clean_texts("en")
    assert len(texts) >= 20
    found = [
        (name, issue.rule_id, issue.offset)
        for name, paragraphs in texts
        for paragraph in paragraphs
        for issue in RULES.check(CheckInput(paragraph, "en"))
    ]
    assert found == []


def test_harper_and_our_rules_report_one_issue_per_error(shared_proofer: Proofer) -> None:
    """Through the proofer, where Harper flags the same words, the merge keeps only ours."""
    for rule, text, flagged, _suggestion in POSITIVES:
        report = shared_proofer.check_text(text, "en", kind="snippet")
        where = re.search(rf"(?<!\w){re.escape(flagged)}(?!\w)", text)
        assert where is not None
        start, end = where.span()
        overlapping = [
            i for i in report.issues
            if i.offset < end and start < i.end and i.category in ("grammar", "typography")
        ]  # fmt: skip
        assert [i.rule_id for i in overlapping] == [f"grammar.en.{rule}"], (text, overlapping)
