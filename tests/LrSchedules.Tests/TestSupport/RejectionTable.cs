using FluentAssertions;
using Xunit;

namespace LrSchedules.Tests.TestSupport;

/// <summary>
/// A named list of calls that must throw a specific argument exception, so that a <c>[Theory]</c> can run (and report)
/// each rejected argument as its own test case.
/// </summary>
internal sealed class RejectionTable
{
    private readonly Dictionary<string, Case> _cases = new(StringComparer.Ordinal);

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in _cases.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    /// <summary>The number of cases.</summary>
    public int Count => _cases.Count;

    /// <summary>Adds a call that must throw exactly <see cref="ArgumentOutOfRangeException"/>.</summary>
    public RejectionTable OutOfRange(string name, Func<object?> call, string paramName)
        => Add(name, call, typeof(ArgumentOutOfRangeException), paramName);

    /// <summary>Adds a call that must throw exactly <see cref="ArgumentException"/> (not a subclass).</summary>
    public RejectionTable Invalid(string name, Func<object?> call, string paramName)
        => Add(name, call, typeof(ArgumentException), paramName);

    /// <summary>Adds a call that must throw exactly <see cref="ArgumentNullException"/>.</summary>
    public RejectionTable Null(string name, Func<object?> call, string paramName)
        => Add(name, call, typeof(ArgumentNullException), paramName);

    /// <summary>Adds the step-argument cases of <see cref="ILearningRateSchedule"/> for a valid schedule.</summary>
    public RejectionTable StepArguments(Func<ILearningRateSchedule> make)
    {
        OutOfRange("GetLearningRate(-1)", () => make().GetLearningRate(-1), "step");
        OutOfRange("GetLearningRate(long.MinValue)", () => make().GetLearningRate(long.MinValue), "step");
        OutOfRange("Evaluate(-1, double[1])", () => Run(() => make().Evaluate(-1, new double[1])), "firstStep");
        OutOfRange("Evaluate(-1, double[0])", () => Run(() => make().Evaluate(-1, Span<double>.Empty)), "firstStep");
        OutOfRange("Evaluate(long.MinValue, double[3])", () => Run(() => make().Evaluate(long.MinValue, new double[3])), "firstStep");
        OutOfRange("Evaluate(long.MaxValue, double[2]) overflows", () => Run(() => make().Evaluate(long.MaxValue, new double[2])), "firstStep");
        OutOfRange("Evaluate(long.MaxValue - 68, double[70]) overflows", () => Run(() => make().Evaluate(long.MaxValue - 68, new double[70])), "firstStep");
        OutOfRange("Evaluate(-1, float[1])", () => Run(() => make().Evaluate(-1, new float[1])), "firstStep");
        OutOfRange("Evaluate(-1, float[0])", () => Run(() => make().Evaluate(-1, Span<float>.Empty)), "firstStep");
        OutOfRange("Evaluate(long.MaxValue, float[2]) overflows", () => Run(() => make().Evaluate(long.MaxValue, new float[2])), "firstStep");
        OutOfRange("Evaluate(long.MaxValue - 68, float[70]) overflows", () => Run(() => make().Evaluate(long.MaxValue - 68, new float[70])), "firstStep");
        return this;
    }

    /// <summary>Runs the named case and checks the exception's exact type, parameter name and message.</summary>
    public void Verify(string name)
    {
        var c = _cases[name];
        var thrown = c.Call.Should().Throw<ArgumentException>(because: "case \"{0}\" must be rejected", name).Which;
        thrown.Should().BeOfType(c.ExceptionType, because: "case \"{0}\" must throw exactly {1}", name, c.ExceptionType.Name);
        thrown.ParamName.Should().Be(c.ParamName, because: "the exception must name the C# parameter");
        thrown.Message.Should().Contain(c.ParamName, because: "the message must name the parameter");
    }

    private static object? Run(Action action)
    {
        action();
        return null;
    }

    private RejectionTable Add(string name, Func<object?> call, Type exceptionType, string paramName)
    {
        _cases.Add(name, new Case(call, exceptionType, paramName));
        return this;
    }

    private sealed record Case(Func<object?> Call, Type ExceptionType, string ParamName);
}
