using Cutout.Chat.Planning;
using Cutout.Chat.Sessions;
using Cutout.Compositing;
using Cutout.Matting;

namespace Cutout.Chat.Tests.Planning;

/// <summary>Plans that depend on the session: follow-ups, same settings, refinements, undo, confirmations.</summary>
public sealed class ConversationPlanTests
{
    [Fact]
    public void The_briefs_batch_keeps_the_first_settings_for_the_next_images()
    {
        var chat = new Conversation();
        var first = chat.Send("Remove the background from this product image. Export as transparent PNG with consistent edge quality.",
            PlanBehavior.Agent, QualityMode.Eco, "https://example.com/product-1.jpg");
        var second = chat.Send("Remove the background from this product image with the same settings as before.",
            PlanBehavior.Agent, QualityMode.Eco, "https://example.com/product-2.jpg");
        var third = chat.Send("Remove the background from this product image, same approach.",
            PlanBehavior.Agent, QualityMode.Eco, "https://example.com/product-3.jpg");

        PlanExpectation.AssertMatches(first, "kind=execute; bg=transparent; fmt=png; mode=eco; images=https://example.com/product-1.jpg");
        PlanExpectation.AssertMatches(second, "kind=execute; bg=transparent; fmt=png; mode=eco; origin=attached; images=https://example.com/product-2.jpg; note=same settings");
        PlanExpectation.AssertMatches(third, "kind=execute; bg=transparent; fmt=png; mode=eco; origin=attached; images=https://example.com/product-3.jpg");
    }

    [Fact]
    public void Same_settings_carry_a_white_background_shadow_and_preset_to_the_next_image()
    {
        var chat = new Conversation();
        chat.Send("Amazon listing please, keep the shadows", "https://example.com/bag.jpg");
        var next = chat.Send("next one, same settings as before", "https://example.com/shoe.jpg");
        PlanExpectation.AssertMatches(next, "preset=amazon; bg=#ffffff; shadow=keep; fmt=jpeg; fill=0.85; center=true; images=https://example.com/shoe.jpg");
    }

    [Fact]
    public void The_same_thing_for_two_new_images_reuses_the_settings_for_both()
    {
        var chat = new Conversation();
        chat.Send("white background, add a contact shadow", "https://example.com/1.jpg");
        var next = chat.Send("I want the same thing for these two images", "https://example.com/2.jpg", "https://example.com/3.jpg");
        PlanExpectation.AssertMatches(next, "kind=execute; bg=#ffffff; shadow=contact; images=https://example.com/2.jpg,https://example.com/3.jpg");
    }

    [Fact]
    public void A_new_image_without_same_settings_starts_from_the_defaults()
    {
        var chat = new Conversation();
        chat.Send("white background with a drop shadow", "https://example.com/1.jpg");
        var next = chat.Send("remove the background", "https://example.com/2.jpg");
        PlanExpectation.AssertMatches(next, "bg=transparent; shadow=-; fmt=png");
    }

    [Fact]
    public void The_briefs_multi_turn_portrait_refines_the_hair_then_changes_the_background()
    {
        var chat = new Conversation();
        var initial = chat.Send("Remove the background from this portrait photo", "https://example.com/portrait.jpg");
        var refine = chat.Send("The hair edges look a bit rough. Can you refine them to be smoother and more natural?");
        var beach = chat.Send("Now place this cutout on a beach sunset background");

        PlanExpectation.AssertMatches(initial, "kind=execute; bg=transparent; edge=standard; origin=attached");
        PlanExpectation.AssertMatches(refine, "kind=execute; bg=transparent; fmt=png; edge=strong; origin=previoussources; images=https://example.com/portrait.jpg; note=stronger edge refinement");
        PlanExpectation.AssertMatches(beach, "kind=execute; bg=scene:beach-sunset; edge=strong; origin=previoussources; images=https://example.com/portrait.jpg");
    }

    [Fact]
    public void Each_complaint_about_the_edges_raises_the_refinement_one_level_up_to_maximum()
    {
        var chat = new Conversation();
        chat.Send("remove the background, careful with the hair", "https://example.com/p.jpg");
        var levels = new[]
        {
            chat.Send("the edges are still rough").EdgeCare,
            chat.Send("still jagged, make them smoother").EdgeCare,
            chat.Send("there is a halo around her, clean it up").EdgeCare,
        };
        Assert.Equal([EdgeCare.Strong, EdgeCare.Maximum, EdgeCare.Maximum], levels);
    }

    [Fact]
    public void A_bit_darker_darkens_the_previous_colour_by_a_tenth()
    {
        var chat = new Conversation();
        chat.Send("blue background", "https://example.com/p.jpg");
        var darker = chat.Send("a bit darker");
        // #0000ff moved 10% towards black: 255 * 0.9 = 229.5, rounded to even = 230 = 0xe6.
        PlanExpectation.AssertMatches(darker, "kind=execute; bg=#0000e6; origin=previoussources; images=https://example.com/p.jpg");
    }

    [Fact]
    public void Lighter_lightens_both_stops_of_a_gradient()
    {
        var chat = new Conversation();
        chat.Send("gradient from black to grey", "https://example.com/p.jpg");
        var lighter = chat.Send("make the background lighter");
        // 20% towards white: 0 + 255 * 0.2 = 51 = 0x33; 128 + 127 * 0.2 = 153.4 → 153 = 0x99.
        PlanExpectation.AssertMatches(lighter, "bg=linear-gradient(to bottom, #333333, #999999)");
    }

    [Theory]
    [InlineData("make the shadow a bit lighter")]
    [InlineData("softer shadow please")]
    public void A_shadow_strength_is_explained_rather_than_taken_for_a_background_or_edge_change(string message)
    {
        var chat = new Conversation();
        chat.Send("blue background, keep the shadows", "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(chat.Send(message), "kind=answer; answer=shadow's strength");
        PlanExpectation.AssertMatches(chat.Send("now on white"), "kind=execute; bg=#ffffff; shadow=keep; edge=standard");
    }

    [Fact]
    public void Darker_on_a_transparent_result_explains_that_nothing_changes()
    {
        var chat = new Conversation();
        chat.Send("remove the background", "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(chat.Send("much darker please"), "bg=transparent; note=no colour");
    }

    [Fact]
    public void Undo_returns_to_the_result_before_with_its_settings()
    {
        var chat = new Conversation();
        chat.Send("white background", "https://example.com/p.jpg");
        var black = chat.Send("make it black");
        var undo = chat.Send("undo");

        PlanExpectation.AssertMatches(black, "bg=#000000; origin=previoussources");
        PlanExpectation.AssertMatches(undo, "kind=undo; origin=previousresults; images=https://cutout.test/results/1.png; bg=#ffffff");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Undo_twice_walks_back_two_results_and_then_has_nothing_left(bool recordUndoWithRestoredPlan)
    {
        var chat = new Conversation(recordUndoWithRestoredPlan);
        chat.Send("white background", "https://example.com/p.jpg");
        chat.Send("now red");
        chat.Send("now green");
        var firstUndo = chat.Send("undo");
        var secondUndo = chat.Send("Go back to the previous version please");
        var thirdUndo = chat.Send("undo");

        PlanExpectation.AssertMatches(firstUndo, "kind=undo; images=https://cutout.test/results/2.png; bg=#ff0000");
        PlanExpectation.AssertMatches(secondUndo, "kind=undo; images=https://cutout.test/results/1.png; bg=#ffffff");
        PlanExpectation.AssertMatches(thirdUndo, "kind=answer; answer=no earlier result");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void After_undo_a_refinement_continues_from_the_restored_settings(bool recordUndoWithRestoredPlan)
    {
        var chat = new Conversation(recordUndoWithRestoredPlan);
        chat.Send("white background", "https://example.com/p.jpg");
        chat.Send("make it black");
        chat.Send("undo");
        PlanExpectation.AssertMatches(chat.Send("add a drop shadow"), "kind=execute; bg=#ffffff; shadow=drop");
    }

    [Fact]
    public void Undo_in_an_empty_session_has_nothing_to_undo()
    {
        var plan = new Conversation().Send("undo");
        PlanExpectation.AssertMatches(plan, "kind=answer; answer=nothing to undo");
    }

    [Fact]
    public void Behavior_plan_describes_without_producing_a_result()
    {
        var chat = new Conversation();
        var plan = chat.Send("white background, keep shadows", PlanBehavior.Plan, null, "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(plan, "kind=execute; bg=#ffffff; shadow=keep");
        Assert.Equal(PlanBehavior.Plan, plan.Behavior);
        Assert.Contains("white", plan.Summary);
        PlanExpectation.AssertMatches(chat.Send("undo"), "kind=answer; answer=nothing to undo");
    }

    [Fact]
    public void Behavior_ask_proposes_the_plan_and_yes_executes_it()
    {
        var chat = new Conversation();
        var proposal = chat.Send("put it on a beach", PlanBehavior.Ask, null, "https://example.com/p.jpg");
        var yes = chat.Send("Yes, go ahead", PlanBehavior.Ask, null);

        PlanExpectation.AssertMatches(proposal, "kind=clarify; bg=scene:beach-sunset; question=Shall I go ahead; option=Yes");
        PlanExpectation.AssertMatches(yes, "kind=execute; bg=scene:beach-sunset; images=https://example.com/p.jpg");
        Assert.Equal(PlanBehavior.Agent, yes.Behavior);
    }

    [Fact]
    public void Behavior_ask_answered_with_a_change_proposes_the_changed_plan_and_then_runs_it()
    {
        var chat = new Conversation();
        chat.Send("put it on a beach", PlanBehavior.Ask, null, "https://example.com/p.jpg");
        var changed = chat.Send("yes, and add a drop shadow", PlanBehavior.Ask, null);
        var yes = chat.Send("ok", PlanBehavior.Ask, null);

        PlanExpectation.AssertMatches(changed, "kind=clarify; bg=scene:beach-sunset; shadow=drop; question=Shall I go ahead");
        PlanExpectation.AssertMatches(yes, "kind=execute; bg=scene:beach-sunset; shadow=drop; images=https://example.com/p.jpg");
    }

    [Fact]
    public void Behavior_ask_and_no_cancels()
    {
        var chat = new Conversation();
        chat.Send("white background", PlanBehavior.Ask, null, "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(chat.Send("no, cancel"), "kind=answer; answer=won't process");
    }

    [Fact]
    public void Answering_a_clarification_works_on_the_image_it_was_about()
    {
        var chat = new Conversation();
        var question = chat.Send("edit this image", "https://example.com/p.jpg");
        var answer = chat.Send("Remove the background (transparent PNG)");
        PlanExpectation.AssertMatches(question, "kind=clarify");
        PlanExpectation.AssertMatches(answer, "kind=execute; bg=transparent; fmt=png; images=https://example.com/p.jpg");
    }

    [Theory]
    [InlineData("Remove the background (transparent PNG)", "kind=execute; bg=transparent; fmt=png")]
    [InlineData("Replace the background with pure white", "kind=execute; bg=#ffffff")]
    [InlineData("Blur the background", "kind=execute; bg=blur")]
    [InlineData("Place the subject in a new scene", "kind=clarify; question=don't have a scene")]
    public void Every_option_of_what_to_do_is_understood(string option, string expected)
    {
        var chat = new Conversation();
        var question = chat.Send("edit this image", "https://example.com/p.jpg");
        Assert.Contains(option, question.Clarification!.Options);
        PlanExpectation.AssertMatches(chat.Send(option), expected + "; images=https://example.com/p.jpg");
    }

    [Theory]
    [InlineData("Transparent", "bg=transparent")]
    [InlineData("Pure white (#ffffff)", "bg=#ffffff")]
    [InlineData("A gradient (e.g. dark blue to light blue)", "bg=linear-gradient(to bottom, #00008b, #add8e6)")]
    [InlineData("A blur of the original background", "bg=blur")]
    [InlineData("A scene (e.g. beach sunset, modern office)", "bg=scene:beach-sunset")]
    public void Every_option_of_which_background_is_understood(string option, string expected)
    {
        var chat = new Conversation();
        var question = chat.Send("change the background", "https://example.com/p.jpg");
        Assert.Contains(option, question.Clarification!.Options);
        PlanExpectation.AssertMatches(chat.Send(option), "kind=execute; images=https://example.com/p.jpg; " + expected);
    }

    [Fact]
    public void Every_scene_option_is_understood()
    {
        var chat = new Conversation();
        var question = chat.Send("place her in a hotel lobby", "https://example.com/p.jpg");
        var planned = question.Clarification!.Options.Take(SceneVocabulary.All.Count)
            .Select(option => new ChatPlanner().Plan(new PlanningRequest { Message = option }, chat.History).Background?.ToCssText());
        Assert.Equal(SceneVocabulary.All.Select(s => "scene:" + s.Name), planned);
    }

    [Fact]
    public void Answering_which_background_with_a_colour_executes_on_the_image()
    {
        var chat = new Conversation();
        chat.Send("change the background", "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(chat.Send("white"), "kind=execute; bg=#ffffff; images=https://example.com/p.jpg");
    }

    [Fact]
    public void Same_background_as_before_reuses_only_the_background_for_a_new_image()
    {
        var chat = new Conversation();
        chat.Send("gradient from red to yellow, add a drop shadow", "https://example.com/1.jpg");
        var next = chat.Send("this one with the same background", "https://example.com/2.jpg");
        PlanExpectation.AssertMatches(next, "bg=linear-gradient(to bottom, #ff0000, #ffff00); shadow=-; images=https://example.com/2.jpg");
    }

    [Fact]
    public void A_follow_up_that_changes_the_background_drops_the_presets_white_rule()
    {
        var chat = new Conversation();
        chat.Send("Amazon listing", "https://example.com/bag.jpg");
        var scene = chat.Send("actually put it in a studio instead");
        PlanExpectation.AssertMatches(scene, "bg=scene:studio; preset=-; origin=previoussources");
    }

    [Fact]
    public void Export_as_webp_on_the_previous_result_keeps_everything_else()
    {
        var chat = new Conversation();
        chat.Send("pure white background, centered, 1000x1000, keep shadows", "https://example.com/p.jpg");
        var webp = chat.Send("can I get that as webp instead?");
        PlanExpectation.AssertMatches(webp, "kind=execute; fmt=webp; bg=#ffffff; center=true; w=1000; h=1000; shadow=keep; origin=previoussources");
    }

    [Fact]
    public void Same_settings_in_a_new_session_notes_that_there_are_none()
    {
        var plan = new Conversation().Send("same settings as before", "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(plan, "kind=execute; bg=transparent; note=no earlier settings");
    }

    [Fact]
    public void Mode_is_remembered_for_follow_ups_without_a_mode()
    {
        var chat = new Conversation();
        chat.Send("remove the background", PlanBehavior.Agent, QualityMode.Eco, "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(chat.Send("now on white"), "mode=eco; bg=#ffffff");
    }

    [Theory]
    [InlineData("what about a blue background?", "kind=execute; bg=#0000ff")]
    [InlineData("How about white?", "kind=execute; bg=#ffffff")]
    [InlineData("Can you make it black?", "kind=execute; bg=#000000")]
    [InlineData("Thanks! Now make it red", "kind=execute; bg=#ff0000")]
    [InlineData("same but green", "kind=execute; bg=#008000")]
    [InlineData("Do it again but with a black background", "kind=execute; bg=#000000")]
    [InlineData("Do you support WebP?", "kind=answer; answer=WebP")]
    [InlineData("thanks, looks great", "kind=answer; answer=welcome")]
    public void Follow_up_questions_are_requests_about_the_previous_image_unless_they_ask_about_the_service(string message, string expected)
    {
        var chat = new Conversation();
        chat.Send("remove the background", "https://example.com/p.jpg");
        PlanExpectation.AssertMatches(chat.Send(message), expected);
    }

    [Fact]
    public void A_thank_you_in_between_does_not_change_what_undo_returns_to()
    {
        var chat = new Conversation();
        chat.Send("white background", "https://example.com/p.jpg");
        chat.Send("now blue");
        chat.Send("thank you!");
        PlanExpectation.AssertMatches(chat.Send("undo"), "kind=undo; bg=#ffffff; images=https://cutout.test/results/1.png");
    }

    [Fact]
    public void Without_recorded_sources_a_follow_up_works_on_the_previous_results()
    {
        var history = new[]
        {
            new SessionExchange
            {
                Timestamp = DateTimeOffset.UnixEpoch,
                UserPrompt = "remove the background",
                GeneratedMediaUrls = ["https://cutout.test/results/9.png"],
                Plan = new ChatPlan { Background = BackgroundSpec.Transparent, Images = new ImageSelection(ImageOrigin.Attached, ["https://example.com/p.jpg"]) },
            },
        };
        var plan = new ChatPlanner().Plan(new PlanningRequest { Message = "now on white" }, history);
        PlanExpectation.AssertMatches(plan, "kind=execute; bg=#ffffff; origin=previousresults; images=https://cutout.test/results/9.png");
    }
}
