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

    [Fact]
    public void List_of_a_type_prints_its_fields_with_defaults_and_ranges()
    {
        var result = Lrs.Run("list", "cosine");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be(
            "cosine: Cosine decay to a floor, with optional exponent, cycles and periodic continuation past decay_steps.\n"
            + "\n"
            + "field          kind     default   allowed\n"
            + "initial_value  number   required  [0, +inf)\n"
            + "decay_steps    integer  required  [1, 9223372036854775807]\n"
            + "final_value    number   0         [0, +inf)\n"
            + "exponent       number   1         (0, +inf)\n"
            + "cycles         number   0.5       (0, +inf)\n"
            + "periodic       boolean  false\n");
    }

    [Fact]
    public void List_of_a_torch_type_shows_its_args_with_the_constructor_ranges()
    {
        var lines = Lrs.Run("list", "torch.CosineAnnealingLR").Lines;

        lines.Should().Contain(l => l.StartsWith("lr ", StringComparison.Ordinal) && l.Contains("number or number list", StringComparison.Ordinal) && l.Contains("required", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("args.T_max ", StringComparison.Ordinal) && l.Contains("[1, ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("args.eta_min ", StringComparison.Ordinal) && l.EndsWith("[0, 1E+100]", StringComparison.Ordinal));
    }

    [Fact]
    public void List_of_a_composite_names_nested_fields()
    {
        var lines = Lrs.Run("list", "sequence").Lines;

        lines.Should().Contain(l => l.StartsWith("phases ", StringComparison.Ordinal) && l.Contains("list of objects", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("phases[].schedule ", StringComparison.Ordinal) && l.Contains("schedule spec", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("phases[].steps ", StringComparison.Ordinal) && l.Contains("optional", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_type_lists_its_fields()
    {
        foreach (var type in ScheduleSpec.Types)
        {
            var result = Lrs.Run("list", type.Name);

            result.ExitCode.Should().Be(0, "type {0}: {1}", type.Name, result.Stderr);
            result.Lines[0].Should().Be(type.Name + ": " + type.Description);
            result.Lines[2].Should().StartWith("field ");
            result.Lines.Length.Should().BeGreaterThan(3, "type {0} has fields", type.Name);
        }
    }
}
