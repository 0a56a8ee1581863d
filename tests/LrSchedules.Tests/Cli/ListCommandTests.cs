using FluentAssertions;
using LrSchedules.Specs;
using Xunit;

namespace LrSchedules.Tests.Cli;

public sealed class ListCommandTests
{
    [Fact]
    public void List_prints_one_line_per_type_with_name_and_description()
    {
        var result = Lrs.Run("list");

        result.ExitCode.Should().Be(0);
        result.Stderr.Should().BeEmpty();
        result.Stdout.Should().EndWith("\n").And.NotContain("\r");
        result.Lines.Should().HaveCount(ScheduleSpec.Types.Count);
        for (int i = 0; i < ScheduleSpec.Types.Count; i++)
        {
            var type = ScheduleSpec.Types[i];
            result.Lines[i].Should().StartWith(type.Name + "  ").And.EndWith(type.Description);
        }
    }

    [Fact]
    public void List_aligns_descriptions_in_one_column()
    {
        var result = Lrs.Run("list");

        int column = ScheduleSpec.Types.Max(t => t.Name.Length) + 2;
        for (int i = 0; i < ScheduleSpec.Types.Count; i++)
        {
            result.Lines[i][column..].Should().Be(ScheduleSpec.Types[i].Description);
            result.Lines[i][..column].TrimEnd().Should().Be(ScheduleSpec.Types[i].Name);
        }
    }

    [Fact]
    public void List_shows_every_native_type()
    {
        var result = Lrs.Run("list");

        foreach (string name in SampleSpecs.ByType.Keys)
        {
            result.Lines.Should().Contain(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        }
    }
}
