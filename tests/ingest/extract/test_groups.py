"""Group columns of results tables: a group's "p value" sub-column and a "Between-group difference"
column are not study groups, so their numbers never become per-arm results."""

from trialkg.ingest.extract import extract_all
from trialkg.ingest.readers import jats

TABLE = b"""<article><front><article-meta><title-group><article-title>A randomized trial of walking
</article-title></title-group></article-meta></front><body><sec><title>Results</title>
<p>Adults were randomized to the walking group (n = 20) or the control group (n = 22).</p>
<table-wrap><caption><p>Mean change after 12 weeks</p></caption><table>
<thead><tr><th>Parameter</th><th colspan="2">Walking (n = 20)</th><th colspan="2">Control (n = 22)</th>
<th>Between-group difference</th></tr>
<tr><th/><th>Mean change (mean &#177; SD)</th><th>p value</th><th>Mean change (mean &#177; SD)</th><th>p value</th><th/></tr>
</thead><tbody>
<tr><td>Weight (kg)</td><td>-1.5 &#177; 2.0</td><td>0.002</td><td>0.3 &#177; 1.1</td><td>0.41</td><td>-1.8</td></tr>
</tbody></table></table-wrap></sec></body></article>"""


def test_p_value_and_difference_columns_are_not_groups() -> None:
    rec = extract_all(jats.read(TABLE, "walking.xml"))
    got = {
        (
            next(a.label.value for a in rec.arms if a.key == r.arm),
            r.statistic,
            r.value.value,
            r.sd.value if r.sd else None,
        )
        for r in rec.arm_results
    }
    assert got == {("walking group", "mean", -1.5, 2.0), ("control group", "mean", 0.3, 1.1)}
    assert len(rec.arms) == 2
