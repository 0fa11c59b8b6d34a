using Stroma.Trials.Extraction;
using Stroma.Trials.Extraction.Rules;
using Xunit;

namespace Stroma.Trials.Tests.Extraction;

/// <summary>EXTRACTION.md's dose_count conventions as sentences, one case each.</summary>
public sealed class DoseCountRuleTests
{
    public static TheoryData<string, int?> Counts => new()
    {
        { "two infusions one week apart", 2 },
        // Schedules written with the unit after the list, numbered administrations, one occasion without a count noun.
        { "the cells are infused at 0, 4 and 8 weeks", 3 },
        { "a single infusion of MSCs; patients are assessed at 1, 3, 6 and 12 months after treatment", 1 },
        { "the 3rd transplantation of MSCs is given intravenously on day 14", 3 },
        { "patients receive an infusion of stromal cells once, at a dose of 1 x 10^6/kg", 1 },
        { "MSCs are transplanted on day 0 after the baseline examination", 1 },
        { "the cells are injected into the graft during the operation", 1 },
        { "MSCs are infused once a week for 4 weeks", 4 },
        { "a single injection of MSCs", 1 },
        { "MSCs will be given once every 4 weeks for 12 weeks", 3 },
        { "2 infusions of 2 million cells/kg per week for 4 weeks", 8 },
        { "hUC-MSCs 0.5×10^6/kg, weekly for 4 weeks", 4 },
        { "a total of 400×10^6 cells, intravenous infusions on Days 0, 30, 60, and 90", 4 },
        { "2 x 106 cells/kg will be administered on day 1,7", 2 },
        { "intravenous injection at a dose of 0.5 million cells/kg at week 0,week 4，week 8", 3 },
        { "Patients will receive 10-100 million MSCs every 3 months for a total of 4 intrathecal injections", 4 },
        { "If remission is not reached, a second course of the same treatment will be given", 2 },
        { "Five Mesenchymal Stem Cell infusions", 5 },
        { "the MSC injection will be repeated 9 times", 10 },
        { "patients receive 3-5 doses of MSCs", 5 },
        { "Patients were treated with 3 repeated intravenous injection at 4 week intervals", 3 },
        { "a single-arm, single-centre open study of MSCs", null },
        { "follow-up visits at weeks 4, 12 and 24 after MSC infusion", null },
        { "Patients will be evaluated at set intervals following the injection: day 2, day 3, week 1, week 2, week 4, week 24, weeks 48, week 72 and week 96.", null },
        { "Subsequent treatments will occur 2 weeks apart for 18 weeks, for a total of 10 infusions.", 10 },
        { "Treatment group receive AstroStem every 4 weeks from Week 0 to Week 36.", 10 },
        { "Patients will be treated with Prochymal twice per week at a dose of 2 x 106 hMSC/kg for each of 4 consecutive weeks.", 8 },
        { "A single administration of Lomecel-B will be performed via 6-10 intramyocardial injections", 1 },
        { "Three intra-articular injection of allogeneic P-MMSCs at 4-weeks intervals", 3 },
        { "PROCHYMAL is delivered through a vein in the arm four times over two weeks", 4 },
        { "huc-MSCs once per week for the first month and once per month for 6 months (9 times in total)", 9 },
        { "The factors obtained from cultured human mesenchymal stem cells were concentrated 50 times", null },
        { "Umbilical cord MSCs at a dose of 10-20 million by intravenous infusion", null },
        { "After cell therapy, patients are followed up every week for 6 months", null },
        // Written for these tests: days with their own prefix joined by dashes are a list, two of them a range.
        { "Cells are infused intravenously at D1 - D4 - D7.", 3 },
        { "The cells will be given by vein on Day 0 – Day 7 – Day 14 – Day 21.", 4 },
        // Written for these tests: "N times 10^k" is number notation; times per day or week multiply the periods.
        { "Patients receive 2 times 10^6 cells/kg intravenously.", null },
        { "Each patient is given 5 times 10E7 MSCs by vein.", null },
        { "The cells are nebulised and inhaled twice daily for 7 days.", 14 },
        { "MSCs are infused twice weekly for three weeks.", 6 },
        { "The gel is applied three times daily for 5 days.", 15 },
        // Written for these tests: a schedule the comparator is given is not the product's; one both arms share is.
        { "Patients in the control group receive placebo at weeks 0, 4 and 8; patients in the MSC group receive one infusion of MSCs.", 1 },
        { "MSCs or placebo are infused at weeks 0, 4 and 8.", 3 },
        { "The control arm receives saline on days 1, 8 and 15: the MSC arm receives two infusions of MSCs.", 2 },
        // Written for these tests: consecutive periods, an optional extra period of the same schedule, another
        // product's injections beside the MSC one, a step repeated within one delivery.
        { "Stromal cells are given intravenously weekly for 3 consecutive weeks.", 3 },
        { "MSCs are infused weekly for 3 weeks, with the option of a further 3 weeks of treatment.", 6 },
        { "MSCs are infused weekly for 3 weeks; patients attend an additional 4 weeks of follow-up.", 3 },
        { "A single intra-articular injection of MSCs and three intra-articular injections of hyaluronic acid.", 1 },
        { "The cells are infused in the artery; the above process is repeated 5 times.", null },
        // Written for these tests: a numeral after a group's name labels the group; a number word after "arm" (the
        // limb) still counts.
        { "Cohort 3 MSC dose 1 x 10^6/kg by intravenous infusion.", null },
        { "Stromal cells are delivered through a vein in the arm three times over two weeks.", 3 },
        // Written for these tests: schedules in phases joined by "then" or "followed by" count every phase; a phase
        // without a count leaves the counted one.
        { "Stromal cells are infused weekly for 4 weeks, then every 2 weeks for 8 weeks.", 8 },
        { "MSCs are injected once a week for 3 weeks followed by a monthly injection for 3 months.", 6 },
        { "MSC infusions are given every week for 2 weeks and then every month for 4 months.", 6 },
        { "MSCs are infused twice a week for 2 weeks, followed by once a week for 4 weeks.", 8 },
        { "Stromal cells are infused once a week for 4 weeks, then as needed.", 4 },
        { "MSCs are infused weekly for 4 weeks, then patients are followed up every month for 6 months.", 4 },
        { "A loading dose of the antiviral followed by once daily doses for 5 days.", null },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void The_number_of_administrations_is_read_from_the_schedule(string sentence, int? expected) =>
        Assert.Equal(expected, DoseCountRule.Count(sentence, ExtractionVocabulary.Default));
}
