using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Specs;

namespace LrSchedules.Tests.TestSupport;

/// <summary>Editing a sample spec's <c>args</c> and asserting the rejection it gets: the compat spec tests' shared helpers.</summary>
internal static class SpecRejection
{
    /// <summary>The spec's <c>args</c> object, created when absent.</summary>
    public static JsonObject Args(JsonObject spec)
    {
        if (spec["args"] is not JsonObject args)
        {
            args = [];
            spec["args"] = args;
        }

        return args;
    }

    /// <summary>Parsing <paramref name="spec"/> throws a <see cref="ScheduleSpecException"/> at <paramref name="path"/> whose reason contains <paramref name="reasonContains"/> (when given).</summary>
    public static void AssertRejected(JsonObject spec, string path, string? reasonContains)
    {
        string json = spec.ToJsonString();
        var ex = FluentActions.Invoking(() => ScheduleSpec.Parse(json)).Should().Throw<ScheduleSpecException>("{0} is invalid", json).Which;
        ex.Path.Should().Be(path, "the error for {0} must name the field ({1})", json, ex.Message);
        if (reasonContains is not null)
        {
            ex.Reason.Should().Contain(reasonContains);
        }
    }
}
