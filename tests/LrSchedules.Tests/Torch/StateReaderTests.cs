using System.Text.Json.Nodes;
using FluentAssertions;
using LrSchedules.Torch;
using Xunit;

namespace LrSchedules.Tests.Torch;

/// <summary>
/// Every rejection of the state reader, with its exact message (a user loading a damaged checkpoint reads these), and
/// the accepted edges of each range. Written against the mutants Stryker.NET left alive in Torch/StateReader.cs.
/// </summary>
public sealed class StateReaderTests
{
    private const string Tail = " The StepLR state was not loaded; nothing was changed.";

    [Theory]
    [InlineData("""{"type": 5}""", "state.type must be a string.")]
    [InlineData("""{}""", "state.type is missing.")]
    [InlineData("""{"type": null}""", "state.type is missing.")]
    [InlineData("""{"type": "ExponentialLR"}""", "state.type is \"ExponentialLR\", but this scheduler is StepLR.")]
    public void Type_is_required_and_must_match(string json, string message)
        => Reject(json, r => r.ExpectType("StepLR"), message);

    [Theory]
    [InlineData("""{"n": "5"}""", "state.n must be an integer.")]
    [InlineData("""{"n": 5.5}""", "state.n must be an integer.")]
    [InlineData("""{"n": 1e-400}""", "state.n must be an integer.")]
    [InlineData("""{"n": -1}""", "state.n must be an integer in [0, 10]; got -1.")]
    [InlineData("""{"n": 11}""", "state.n must be an integer in [0, 10]; got 11.")]
    public void Integers_are_exact_and_in_range(string json, string message)
        => Reject(json, r => r.Long("n", 0, 10), message);

    [Theory]
    [InlineData("""{"n": "5"}""")]
    [InlineData("""{"n": true}""")]
    [InlineData("""{"n": [5]}""")]
    [InlineData("""{"n": 5.5}""")]
    public void Only_a_json_number_with_an_integral_value_is_an_integer(string json)
        => Reject(json, r => r.Long("n"), "state.n must be an integer.");

    [Theory]
    [InlineData("""{"n": 0}""", 0)]
    [InlineData("""{"n": 10}""", 10)]
    [InlineData("""{"n": 5.0}""", 5)]
    [InlineData("""{"n": 5e0}""", 5)]
    public void Integer_range_ends_and_integral_floats_are_accepted(string json, long expected)
        => Reader(json).Long("n", 0, 10).Should().Be(expected);

    [Theory]
    [InlineData("""{"x": "0.5"}""", "state.x must be a finite number.")]
    [InlineData("""{"x": 1e999}""", "state.x must be a finite number.")]
    [InlineData("""{"x": -0.5}""", "state.x must be a finite number in [0, 1]; got -0.5.")]
    [InlineData("""{"x": 1.5}""", "state.x must be a finite number in [0, 1]; got 1.5.")]
    public void Numbers_are_finite_and_in_range(string json, string message)
        => Reject(json, r => r.Double("x", 0, 1), message);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Number_range_ends_are_accepted(double value)
        => Reader("{\"x\": " + value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "}").Double("x", 0, 1).Should().Be(value);

    [Theory]
    [InlineData("""{"a": 5}""", "state.a must be a JSON array.")]
    [InlineData("""{"a": [1, 2, 3]}""", "state.a has 3 entries, but this scheduler has 2 parameter groups.")]
    [InlineData("""{"a": [1]}""", "state.a has 1 entries, but this scheduler has 2 parameter groups.")]
    [InlineData("""{"a": [1, "2"]}""", "state.a[1] must be an integer.")]
    [InlineData("""{"a": [1.5, 2]}""", "state.a[0] must be an integer.")]
    public void Integer_arrays_have_one_integer_per_group(string json, string message)
        => Reject(json, r => r.Longs("a", 2), message);

    [Fact]
    public void An_empty_array_matches_a_count_of_zero_and_not_of_one()
    {
        Reader("""{"a": []}""").Longs("a", 0).Should().BeEmpty();
        Reject("""{"a": [1]}""", r => r.Longs("a", 0), "state.a has 1 entries, but this scheduler has 0 parameter groups.");
        Reject("""{"a": []}""", r => r.Longs("a", 1), "state.a has 0 entries, but this scheduler has 1 parameter groups.");
        Reader("""{"a": [1, 2, 3]}""").Array("a", -1).Count.Should().Be(3, "a negative count accepts any length");
    }

    [Theory]
    [InlineData("""{"d": [0.5, -1]}""", "state.d[1] must be a finite number in [0, 1]; got -1.")]
    [InlineData("""{"d": [0.5, null]}""", "state.d[1] must be a finite number.")]
    [InlineData("""{"d": [true, 0.5]}""", "state.d[0] must be a finite number.")]
    public void Number_arrays_check_every_entry(string json, string message)
        => Reject(json, r => r.Doubles("d", 2, 0, 1), message);

    [Fact]
    public void Nullable_number_arrays_take_null_and_check_the_rest()
    {
        Reader("""{"d": [null, 1]}""").NullableDoubles("d", 2, 0, 1).Should().Equal(null, 1.0);
        Reject("""{"d": [null, 2]}""", r => r.NullableDoubles("d", 2, 0, 1), "state.d[1] must be a finite number in [0, 1]; got 2.");
    }

    [Fact]
    public void Unread_fields_are_rejected_by_name_unless_allowed()
    {
        var reader = Reader("""{"type": "StepLR", "extra": 1}""");
        reader.ExpectType("StepLR");
        FluentActions.Invoking(reader.EnsureNoOtherFields).Should().Throw<ArgumentException>().Which.Message.Should().Be("state.extra is not a field of a StepLR state." + Tail);
        FluentActions.Invoking(() => reader.EnsureNoOtherFieldsExcept("extra")).Should().NotThrow();
    }

    [Fact]
    public void A_damaged_checkpoint_is_reported_through_LoadState_with_the_field_and_nothing_changes()
    {
        var groups = new ParameterGroups([0.1, 0.2]);
        var scheduler = new StepLR(groups, 2, 0.5);
        scheduler.Step();
        var good = scheduler.SaveState();
        var bad = (JsonObject)JsonNode.Parse(good.ToJsonString())!;
        bad["base_lrs"] = new JsonArray(0.1);
        FluentActions.Invoking(() => scheduler.LoadState(bad)).Should().Throw<ArgumentException>()
            .Which.Message.Should().Be("state.base_lrs has 1 entries, but this scheduler has 2 parameter groups." + Tail);
        scheduler.SaveState().ToJsonString().Should().Be(good.ToJsonString());
    }

    private static StateReader Reader(string json) => new(JsonNode.Parse(json)!.AsObject(), "StepLR");

    private static void Reject(string json, Action<StateReader> read, string message)
        => FluentActions.Invoking(() => read(Reader(json))).Should().ThrowExactly<ArgumentException>().Which.Message.Should().Be(message + Tail);
}
