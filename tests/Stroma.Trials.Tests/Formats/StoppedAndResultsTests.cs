using System.Text.Json;
using System.Xml.Linq;
using Stroma.Trials.Formats.CtGovClassic;
using Stroma.Trials.Formats.CtGovXml;
using Stroma.Trials.Model;
using Xunit;

namespace Stroma.Trials.Tests.Formats;

/// <summary>Why a study stopped and when its results were first posted, as each format spells them.</summary>
public sealed class StoppedAndResultsTests
{
    [Fact]
    public void Classic_field_lists_give_why_stopped_and_the_results_first_posted_date()
    {
        using var doc = JsonDocument.Parse("""
            {"NCTId":["NCT95000099"],"OverallStatus":["Terminated"],"WhyStopped":["The made-up sponsor ended funding"],
             "ResultsFirstPostDate":["March 5, 2021"],"ResultsFirstPostDateType":["Actual"]}
            """);

        var t = CtGovClassicReader.Parse(doc.RootElement, "written.json");

        Assert.Equal("The made-up sponsor ended funding", t.WhyStopped);
        Assert.Equal(new RegistryDate(2021, 3, 5, "Actual"), t.ResultsFirstPosted);
    }

    [Fact]
    public void Legacy_xml_gives_why_stopped_and_results_first_posted_under_either_element_name()
    {
        var current = XElement.Parse("""
            <clinical_study><id_info><nct_id>NCT95000098</nct_id></id_info>
              <why_stopped>Slow made-up enrolment</why_stopped>
              <results_first_posted type="Actual">July 9, 2019</results_first_posted></clinical_study>
            """);
        var older = XElement.Parse("""
            <clinical_study><id_info><nct_id>NCT95000097</nct_id></id_info>
              <firstreceived_results_date>June 2012</firstreceived_results_date></clinical_study>
            """);

        var a = CtGovXmlReader.Parse(current, "written.xml");
        var b = CtGovXmlReader.Parse(older, "written.xml");

        Assert.Equal("Slow made-up enrolment", a.WhyStopped);
        Assert.Equal("2019-07-09", a.ResultsFirstPosted.ToString());
        Assert.Null(b.WhyStopped);
        Assert.Equal("2012-06", b.ResultsFirstPosted.ToString());
    }

    [Fact]
    public void A_study_without_results_has_no_results_date()
    {
        using var doc = JsonDocument.Parse("""{"NCTId":["NCT95000096"]}""");

        Assert.Null(CtGovClassicReader.Parse(doc.RootElement, "written.json").ResultsFirstPosted);
    }
}
