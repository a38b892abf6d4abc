"""The one "did you mean" engine: what it suggests, that its filters lose nothing, and that its cost is bounded."""

from __future__ import annotations

import difflib
import random
import string
from pathlib import Path

import pytest

from ftpconf import catalog
from ftpconf.lint import lint_path, lint_source
from ftpconf.source import SourceFile
from ftpconf.suggest import Suggester

VSFTPD = sorted(catalog.vsftpd().options)


# -- what it suggests ------------------------------------------------------------------------------


def test_a_typo_gets_the_name_meant() -> None:
    assert Suggester(VSFTPD).suggest("pasv_enalbe") == ("pasv_enable",)
    assert Suggester(VSFTPD).suggest("anon_upload_enabel") == ("anon_upload_enable",)


def test_a_transposition_or_a_dropped_letter() -> None:
    names = ["ServerName", "ServerAdmin", "ServerIdent", "PassivePorts", "MasqueradeAddress"]
    assert Suggester(names).suggest("ServerNmae") == ("ServerName",)
    assert Suggester(names).suggest("MasqueradeAdress") == ("MasqueradeAddress",)
    assert Suggester(names).suggest("passiveport") == ("PassivePorts",)  # scored case-folded


def test_a_case_only_difference_wins_outright() -> None:
    engine = Suggester(VSFTPD)
    assert engine.suggest("Listen") == ("listen",)
    assert engine.suggest("PASV_ENABLE") == ("pasv_enable",)
    assert engine.case_only("Listen") == "listen"
    assert engine.case_only("listen") is None  # the name itself
    assert engine.case_only("listne") is None  # a typo, not a case slip


def test_a_word_equal_to_a_name_after_the_callers_normalisation_is_suggested() -> None:
    assert Suggester(["fail-on", "select"]).suggest("fail-on") == ("fail-on",)


def test_nothing_close_suggests_nothing() -> None:
    engine = Suggester(VSFTPD)
    assert engine.suggest("xq_abc123") == ()
    assert engine.suggest("") == ()
    assert engine.suggest("PassivePortRange") == ()


def test_ties_come_in_alphabetical_order_whatever_the_vocabulary_order() -> None:
    names = ["rsa_cert_file", "dsa_cert_file", "ssl_sslv3", "ssl_sslv2"]
    for order in (names, names[::-1], sorted(names)):
        assert Suggester(order).suggest("sa_cert_file") == ("dsa_cert_file", "rsa_cert_file")
        assert Suggester(order).suggest("ssl_sslv") == ("ssl_sslv2", "ssl_sslv3")


def test_a_clear_winner_stands_alone_and_the_limit_holds() -> None:
    keys = ["MaxClientsPerIP", "MaxClientsNumber", "AnonymousOnly"]
    assert Suggester(keys, cutoff=0.75).suggest("MaxClientsaPerIP") == ("MaxClientsPerIP",)
    many = [f"name_{c}" for c in "abcdef"]
    assert Suggester(many, limit=2).suggest("name_z") == ("name_a", "name_b")


def test_the_cutoff_is_respected() -> None:
    assert Suggester(["Group"], cutoff=0.75).suggest("Grp") == ("Group",)  # ratio 0.75
    assert Suggester(["Group"], cutoff=0.8).suggest("Grp") == ()


# -- the filters lose nothing ------------------------------------------------------------------------


def _brute_force(word: str, names: list[str], cutoff: float, limit: int) -> tuple[str, ...]:
    """The same ranking rule, with a full ratio() for every name and no shortlist.  A name whose upper bound
    by difflib's own real_quick_ratio() or quick_ratio() is below the cutoff skips it: its ratio() (no higher)
    would be dropped by the cutoff anyway, so the answer is the same, for a fraction of the time."""
    folded = {n.lower(): n for n in names}
    if word.lower() in folded:
        return (folded[word.lower()],)
    matcher = difflib.SequenceMatcher(None, "", word.lower())  # the word second, as the engine has it
    scored = []
    for f, n in folded.items():
        matcher.set_seq1(f)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            scored.append((-matcher.ratio(), n))
    scored.sort()
    scored = [(s, n) for s, n in scored if -s >= cutoff]
    if not scored:
        return ()
    return tuple(n for s, n in scored if -s >= max(cutoff, -scored[0][0] - 0.06))[:limit]


def _typos(names: list[str], seed: int = 0) -> list[str]:
    """Single-key slips (drop, swap, replace, insert) of the names, shuffled, each once."""
    rng = random.Random(seed)
    known = {n.lower() for n in names}
    slips = set()
    for name in names:
        for i in range(len(name)):
            slips.add(name[:i] + name[i + 1 :])
            slips.add(name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :])
            slips.add(name[:i] + rng.choice(string.ascii_lowercase) + name[i + 1 :])
            slips.add(name[:i] + rng.choice(string.ascii_lowercase) + name[i:])
    ordered = sorted(s for s in slips if s.lower() not in known)
    rng.shuffle(ordered)
    return ordered


@pytest.mark.parametrize(
    ("names", "cutoff"),
    [
        (VSFTPD, 0.6),
        (sorted({e.key for e in catalog.pureftpd().conf_entries if e.built}), 0.75),
        (sorted({d.name for k, d in catalog.proftpd().directives.items() if not k.startswith("</")}), 0.75),
    ],
    ids=["vsftpd", "pureftpd", "proftpd"],
)
def test_the_cheap_filters_and_the_shortlist_change_no_answer(names: list[str], cutoff: float) -> None:
    engine = Suggester(names, cutoff=cutoff, limit=3)
    words = _typos(names)[:200]  # the brute force is the slow part: 200 suffice
    words += ["xq_abc123", "Foo", "Loglevel", "PassivePortRange", "listen_ipv7"]
    assert [engine.suggest(w) for w in words] == [_brute_force(w, names, cutoff, 3) for w in words]


# -- the cost is bounded --------------------------------------------------------------------------------


@pytest.fixture
def full_ratios(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts every full SequenceMatcher.ratio(), the expensive step the engine must ration."""
    count = [0]
    original = difflib.SequenceMatcher.ratio

    def counting(self: difflib.SequenceMatcher[str]) -> float:
        count[0] += 1
        return original(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counting)
    return count


def _work(words: list[str], full_ratios: list[int]) -> int:
    full_ratios[0] = 0
    engine = Suggester(VSFTPD)
    for word in words:
        engine.suggest(word)
    return full_ratios[0]


def test_work_grows_linearly_with_the_unknown_words(full_ratios: list[int]) -> None:
    words = _typos(VSFTPD, seed=1)[:1000]  # near misses: the words that pass the cheap filters
    small, large = _work(words[:100], full_ratios), _work(words, full_ratios)
    assert 0 < small <= 20 * 100 and large <= 20 * 1000  # at most max_compared per word, not one per name
    assert 8 * small <= large <= 12 * small  # ten times the words, about ten times the work


def test_a_repeated_word_costs_nothing_more(full_ratios: list[int]) -> None:
    words = _typos(VSFTPD, seed=2)[:100]
    assert _work(words * 10, full_ratios) == _work(words, full_ratios)


def test_a_file_of_unknown_options_costs_a_bounded_number_of_full_comparisons(full_ratios: list[int]) -> None:
    rng = random.Random(3)
    keys = {"xq_" + "".join(rng.choices(string.ascii_lowercase, k=3)) + str(rng.randrange(1000)) for _ in range(1000)}
    text = "".join(f"{key}=1\n" for key in sorted(keys)) + "pasv_enalbe=YES\n"
    full_ratios[0] = 0
    result = lint_source(SourceFile("vsftpd.conf", text.encode()), "vsftpd")
    assert full_ratios[0] <= 20 * (len(keys) + 1)  # the old scan did one per catalogue name: 135 per key
    assert sum(d.code == "FTP101" for d in result.diagnostics) == len(keys) + 1
    assert any("(did you mean `pasv_enable`?)" in d.message for d in result.diagnostics)


# -- every caller uses it ------------------------------------------------------------------------------


def test_proftpd_suggests_and_offers_the_rename() -> None:
    result = lint_source(SourceFile("proftpd.conf", b"ServerNmae x\nPassivePortRange 30000 30100\n"), "proftpd")
    first, second = (d for d in result.diagnostics if d.code == "FTP130")
    assert first.notes[0] == "Did you mean: ServerName"
    assert first.fix is not None and first.fix.description == "rename to `ServerName`"
    assert second.notes[0] == "Did you mean: PassivePorts"  # pure-ftpd's name for it: Levenshtein missed it


def test_pureftpd_suggests_the_clear_winner_and_offers_the_rename() -> None:
    result = lint_source(SourceFile("pure-ftpd.conf", b"MaxClientsaPerIP 3\n"), "pureftpd")
    (unknown,) = (d for d in result.diagnostics if d.code == "FTP171")
    assert unknown.notes == ("did you mean `MaxClientsPerIP`?",)
    assert unknown.fix is not None and unknown.fix.description == "rename to `MaxClientsPerIP`"


def test_debian_conf_dir_names_a_case_slip_or_a_typo(tmp_path: Path) -> None:
    conf = tmp_path / "conf"
    conf.mkdir()
    for name in ("NoAnonymous", "chrooteveryone", "ChrootEvryone", "Zzzzzz"):  # one right name makes it a conf dir
        (conf / name).write_text("yes\n")
    notes = {Path(d.span.path).name: d.notes for d in lint_path(str(conf)).diagnostics if d.code == "FTP185"}
    assert notes["chrooteveryone"] == ("names are case-sensitive: `ChrootEveryone`",)
    assert notes["ChrootEvryone"] == ("did you mean `ChrootEveryone`?",)
    assert not any(notes["Zzzzzz"])
