using Cutout.Chat.Planning;

namespace Cutout.Chat.Tests.Planning;

/// <summary>
/// One message, one attached image, empty session: the phrasing → plan table. Expectations use the
/// <see cref="PlanExpectation"/> notation ("bg=#ffffff; shadow=keep").
/// </summary>
public sealed class SingleMessagePlanTests
{
    private const string Photo = "https://example.com/photo.jpg";

    private static ChatPlan PlanFor(string message, params string[] images) =>
        new ChatPlanner().Plan(new PlanningRequest { Message = message, ImageUrls = images }, []);

    [Theory]
    [InlineData("Remove the background from this image and export as transparent PNG",
        "kind=execute; bg=transparent; fmt=png; shadow=-; edge=standard; preset=-; origin=attached")]
    [InlineData("Remove the background from this product photo. Create a clean cutout with transparent background, preserving all product details and shadows. Output as PNG.",
        "kind=execute; bg=transparent; shadow=keep; fmt=png; edge=standard")]
    [InlineData("Remove the background from this portrait photo. Preserve all hair details and create clean edges around the person. Export as transparent PNG for professional use.",
        "kind=execute; bg=transparent; fmt=png; edge=fine; shadow=-")]
    [InlineData("Remove the background from this image and export as a high-quality transparent PNG. Ensure clean alpha channel edges suitable for compositing in Photoshop or Figma.",
        "kind=execute; bg=transparent; fmt=png; edge=standard; mode=max")]
    [InlineData("Remove the background from this product image and replace it with a pure white background (#FFFFFF). Keep the product shadows for a natural look.",
        "kind=execute; bg=#ffffff; shadow=keep; fmt=jpeg; edge=standard")]
    [InlineData("Remove the background from this person photo and place them in a modern office environment with soft natural lighting from large windows. Make it look natural and professional.",
        "kind=execute; bg=scene:office; fmt=jpeg; shadow=-")]
    [InlineData("Remove the background from this portrait. Pay special attention to preserving fine hair details, flyaway strands, and wispy edges. The subject has curly hair that needs careful edge handling. Export as transparent PNG.",
        "kind=execute; bg=transparent; fmt=png; edge=strong")]
    [InlineData("Remove the background from this image of a fluffy cat. Preserve all the fur details including the soft edges and individual hair strands. The cat has white fur which is challenging - maintain clean edges without halos.",
        "kind=execute; bg=transparent; fmt=png; edge=maximum")]
    [InlineData("Remove the background from this product image. Export as transparent PNG with consistent edge quality.",
        "kind=execute; bg=transparent; fmt=png; edge=standard")]
    [InlineData("Create an e-commerce ready product cutout from this image. Remove the background and replace with pure white. The product should be centered with clean edges. This is for Amazon/Shopify listing - must meet marketplace image requirements.",
        "kind=execute; preset=amazon; bg=#ffffff; center=true; fill=0.85; fmt=jpeg; note=Shopify")]
    [InlineData("Remove the background from this selfie and replace with a professional gradient background (dark blue to light blue). Preserve all hair details. This is for a LinkedIn profile photo - make it look polished and professional.",
        "kind=execute; preset=linkedin; bg=linear-gradient(to bottom, #00008b, #add8e6); edge=fine; fmt=jpeg; aspect=1:1")]
    [InlineData("Remove the background from this portrait photo",
        "kind=execute; bg=transparent; fmt=png; edge=standard")]
    public void The_briefs_example_requests_plan_as_documented(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), expected);

    [Theory]
    [InlineData("Put it on a navy blue background", "bg=#000080; fmt=jpeg")]
    [InlineData("make the background light grey", "bg=#d3d3d3")]
    [InlineData("make the background light gray", "bg=#d3d3d3")]
    [InlineData("red background please", "bg=#ff0000")]
    [InlineData("Replace the background with #1E90FF", "bg=#1e90ff")]
    [InlineData("background rgb(255, 128, 0)", "bg=#ff8000")]
    [InlineData("Background color should be RGB 240 240 240", "bg=#f0f0f0")]
    [InlineData("Please make the image background white (255,255,255)", "bg=#ffffff")]
    [InlineData("Use #abc as the background", "bg=#aabbcc")]
    [InlineData("cut it out and put it on black", "bg=#000000")]
    [InlineData("pastel green background", "bg=#99cc99")]
    [InlineData("an off-white background would be nice", "bg=#faf9f6")]
    [InlineData("cream backdrop", "bg=#fffdd0")]
    [InlineData("teal bg", "bg=#008080")]
    [InlineData("dark green background", "bg=#006400")]
    [InlineData("Make it beige", "bg=#f5f5dc")]
    [InlineData("A man in a red shirt - make the background blue", "bg=#0000ff")]
    [InlineData("Replace the background with pure white", "bg=#ffffff")]
    [InlineData("white background", "bg=#ffffff; fmt=jpeg")]
    [InlineData("Change the background to yellow", "bg=#ffff00")]
    [InlineData("I'd like a sky blue background", "bg=#87ceeb")]
    [InlineData("swap the background for a hot pink one", "bg=#ff69b4")]
    [InlineData("background: #00FF00", "bg=#00ff00")]
    [InlineData("set the background colour to charcoal", "bg=#36454f")]
    [InlineData("place the product against a light blue backdrop", "bg=#add8e6")]
    [InlineData("on a solid black background, JPEG", "bg=#000000; fmt=jpeg")]
    [InlineData("deep purple background", "bg=#530053")]
    public void Solid_colours_are_read_by_name_hex_and_rgb(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("Remove the white background from this logo", "bg=transparent")]
    [InlineData("The photo has a white background, make it black", "bg=#000000")]
    [InlineData("change the background from white to blue", "bg=#0000ff")]
    [InlineData("Replace the white background with black", "bg=#000000")]
    [InlineData("remove the green screen", "bg=transparent")]
    [InlineData("a black cat with white paws, remove the background", "bg=transparent")]
    [InlineData("cut out the phone in its red leather case", "bg=transparent")]
    [InlineData("Please remove the background of my red car and put it on a grey background", "bg=#808080")]
    [InlineData("Can you make this a transparent png while keeping the white sneakers intact?", "bg=transparent; fmt=png")]
    public void A_colour_that_describes_the_photo_is_not_taken_for_the_new_background(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("gradient from red to yellow", "bg=linear-gradient(to bottom, #ff0000, #ffff00)")]
    [InlineData("a left to right gradient of white and light grey", "bg=linear-gradient(to right, #ffffff, #d3d3d3)")]
    [InlineData("purple gradient background", "bg=linear-gradient(to bottom, #800080, #cc99cc)")]
    [InlineData("fade from navy to sky blue behind the subject", "bg=linear-gradient(to bottom, #000080, #87ceeb)")]
    [InlineData("diagonal gradient, black to grey", "bg=linear-gradient(to bottom right, #000000, #808080)")]
    [InlineData("gradient #ff0000 to #0000ff", "bg=linear-gradient(to bottom, #ff0000, #0000ff)")]
    [InlineData("a horizontal gradient from dark green to light green", "bg=linear-gradient(to right, #006400, #90ee90)")]
    [InlineData("Put it on a gradient background", "bg=linear-gradient(to bottom, #4b5563, #d1d5db); note=No gradient colours")]
    [InlineData("bottom to top gradient, orange to pink", "bg=linear-gradient(to top, #ffa500, #ffc0cb)")]
    public void Gradients_become_css_linear_gradients(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; fmt=jpeg; " + expected);

    [Theory]
    [InlineData("Blur the background", "bg=blur")]
    [InlineData("keep the background but blur it", "bg=blur")]
    [InlineData("I want a bokeh effect behind me", "bg=blur")]
    [InlineData("portrait mode style blurred background", "bg=blur")]
    [InlineData("background blur please", "bg=blur")]
    [InlineData("Now place this cutout on a beach sunset background", "bg=scene:beach-sunset")]
    [InlineData("put me in an office", "bg=scene:office")]
    [InlineData("place it in a photo studio backdrop", "bg=scene:studio")]
    [InlineData("city lights behind her", "bg=scene:bokeh")]
    [InlineData("on a bokeh lights background", "bg=scene:bokeh")]
    [InlineData("on the beach please", "bg=scene:beach-sunset")]
    [InlineData("put it on a blue sky background", "bg=scene:sky")]
    [InlineData("seaside background", "bg=scene:beach-sunset")]
    [InlineData("put her in a corporate setting", "bg=scene:office")]
    [InlineData("place it on a seamless studio backdrop", "bg=scene:studio")]
    [InlineData("Give it a studio look", "bg=scene:studio")]
    [InlineData("Make the backround look like a sunset at the beach", "bg=scene:beach-sunset")]
    public void Blur_and_scenes_are_named_backgrounds(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("Remove the background from this winter jacket")]
    [InlineData("remove the background from this beach photo")]
    [InlineData("cut out my kitchen mixer")]
    [InlineData("remove the background of the office chair")]
    [InlineData("remove the background, the photo was taken in a studio")]
    [InlineData("Remove the background, I took this photo in my office")]
    [InlineData("Remove the background from this image of my dog running on the beach")]
    public void Scene_words_that_describe_the_subject_or_the_photo_keep_the_background_transparent(string message) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; bg=transparent");

    [Theory]
    [InlineData("remove the background and add a drop shadow", "shadow=drop")]
    [InlineData("white background with a soft shadow underneath", "shadow=contact")]
    [InlineData("no shadows please", "shadow=none")]
    [InlineData("remove the background and the shadow", "shadow=none")]
    [InlineData("add a contact shadow", "shadow=contact")]
    [InlineData("keep the original shadow", "shadow=keep")]
    [InlineData("a shadowless cutout", "shadow=none")]
    [InlineData("add a realistic ground shadow", "shadow=contact")]
    [InlineData("cut it out without any shadow", "shadow=none")]
    [InlineData("Remove the background. Shadows should be kept.", "shadow=keep")]
    [InlineData("white background, keep natural shadows", "shadow=keep")]
    [InlineData("remove the background, no drop shadow", "shadow=none")]
    [InlineData("give it a shadow behind", "shadow=drop")]
    [InlineData("remove background and keep shadows", "shadow=keep")]
    [InlineData("remove the background", "shadow=-")]
    [InlineData("remove the background, I don't want any shadow", "shadow=none")]
    [InlineData("No need to keep the shadow", "shadow=none")]
    [InlineData("white background. Don't add a shadow", "shadow=none")]
    [InlineData("Remove the background but keep the person's shadow on the floor", "shadow=keep")]
    public void Shadows_are_kept_added_or_removed_as_asked(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("remove the background from my fluffy dog", "edge=strong")]
    [InlineData("cut out this glass bottle", "edge=maximum")]
    [InlineData("remove the background behind the wine glass", "edge=maximum")]
    [InlineData("remove the background, the person is wearing glasses", "edge=fine")]
    [InlineData("remove the background, careful with her fine hair", "edge=fine")]
    [InlineData("remove the background, he has curly hair", "edge=strong")]
    [InlineData("remove the background, she has white hair", "edge=maximum")]
    [InlineData("cut out the bride with her veil", "edge=maximum")]
    [InlineData("remove background from this parrot, keep the feathers", "edge=strong")]
    [InlineData("remove the background from this shoe", "edge=standard")]
    [InlineData("remove the background, translucent plastic", "edge=maximum")]
    [InlineData("isolate the plant with all its leaves", "edge=fine")]
    public void Difficult_edges_ask_for_stronger_refinement(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; bg=transparent; " + expected);

    [Theory]
    [InlineData("remove the background and export as webp", "fmt=webp; bg=transparent")]
    [InlineData("remove the background, save as jpg", "fmt=png; bg=transparent; note=JPEG cannot store transparency")]
    [InlineData("white background, jpeg please", "fmt=jpeg; bg=#ffffff")]
    [InlineData("white background as a png", "fmt=png; bg=#ffffff")]
    [InlineData("convert this jpg to png without background", "fmt=png")]
    [InlineData("remove the background, 1000x1000", "w=1000; h=1000")]
    [InlineData("remove the background, output 1200 by 800 pixels", "w=1200; h=800")]
    [InlineData("remove the background, 2000 px wide", "w=2000; h=-")]
    [InlineData("remove the background and make it square", "aspect=1:1")]
    [InlineData("remove the background, 16:9 canvas", "aspect=16:9")]
    [InlineData("just the mask please", "mask=true; fmt=png")]
    [InlineData("give me a black and white mask of the subject", "mask=true; fmt=png")]
    [InlineData("export the alpha mask only", "mask=true")]
    [InlineData("remove the background and export it as a GIF", "fmt=png; note=PNG, WebP or JPEG")]
    [InlineData("Remove the background and add a reflection", "bg=transparent; note=Reflections")]
    [InlineData("Can you remove the background from this image? I'd like it on a light pink background with a subtle drop shadow, centered, 1080x1080, as a jpeg please.",
        "bg=#ffb6c1; shadow=drop; center=true; w=1080; h=1080; fmt=jpeg")]
    public void Formats_sizes_and_masks_are_read(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("white background, centered with 10% padding", "center=true; pad=0.1")]
    [InlineData("transparent with a 50px margin", "padpx=50; pad=-")]
    [InlineData("remove the background and crop to the product", "crop=true")]
    [InlineData("white background, the product should fill 90% of the frame", "fill=0.9")]
    [InlineData("remove the background and add some padding", "pad=0.05")]
    [InlineData("centre the product on white", "center=true; bg=#ffffff")]
    [InlineData("remove the background, padding of 8%", "pad=0.08")]
    [InlineData("trim it tight and export png", "crop=true; fmt=png")]
    public void Layout_hints_are_read(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("Make it Amazon ready", "preset=amazon; bg=#ffffff; fmt=jpeg; center=true; fill=0.85; aspect=1:1; w=2000; h=2000")]
    [InlineData("for my Etsy shop", "preset=etsy; bg=#ffffff; aspect=1:1; w=2000; h=2000; fill=0.8")]
    [InlineData("prepare this for an eBay listing", "preset=ebay; bg=#ffffff; fmt=jpeg; w=1600")]
    [InlineData("Shopify product page image", "preset=shopify; w=2048; h=2048; fmt=jpeg")]
    [InlineData("passport photo please", "preset=passport-white; bg=#ffffff; shadow=none; w=1200; h=1200; edge=fine")]
    [InlineData("LinkedIn headshot", "preset=linkedin; bg=#f2f2f2; fmt=jpeg; aspect=1:1; w=1024; edge=fine")]
    [InlineData("Amazon listing but as a transparent png", "preset=amazon; bg=transparent; fmt=png")]
    [InlineData("for my online store", "preset=-; bg=#ffffff; note=marketplace")]
    [InlineData("amazon main image with a contact shadow", "preset=amazon; shadow=contact; bg=#ffffff")]
    [InlineData("linkedin profile picture on a light grey background", "preset=linkedin; bg=#d3d3d3")]
    [InlineData("amazon listing, product filling 80% of the frame", "preset=amazon; fill=0.8")]
    [InlineData("ebay and etsy listing", "preset=ebay; note=eBay and Etsy")]
    [InlineData("I'm selling this on Amazon, please make it compliant", "preset=amazon; bg=#ffffff")]
    [InlineData("Remove the background please, it's for my passport", "preset=passport-white; shadow=none")]
    [InlineData("keep the product shadows, off white background, 4:3 for Etsy", "preset=etsy; bg=#faf9f6; shadow=keep; aspect=4:3; w=-; h=-")]
    [InlineData("profile pic for linkedin, transparent", "preset=linkedin; bg=transparent; fmt=png")]
    public void Marketplace_and_profile_presets_fill_in_their_rules(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("Remvoe the backgroud and make it wihte", "bg=#ffffff")]
    [InlineData("transparant png", "bg=transparent; fmt=png")]
    [InlineData("Pls remove bakground, keep shadws", "bg=transparent; shadow=keep")]
    [InlineData("whiet backgorund", "bg=#ffffff")]
    [InlineData("balck background", "bg=#000000")]
    [InlineData("a blue gradiant", "bg=linear-gradient(to bottom, #0000ff, #9999ff)")]
    [InlineData("trnasparent backround", "bg=transparent")]
    [InlineData("remove the background from this potrait, presrve the hair", "edge=fine")]
    [InlineData("add a drop shaddow", "shadow=drop")]
    [InlineData("blurr the background", "bg=blur")]
    [InlineData("centerd on wihte", "center=true; bg=#ffffff")]
    [InlineData("remove the back ground", "bg=transparent")]
    [InlineData("amazom listing", "preset=amazon")]
    [InlineData("make it transparrent while keeping the edges sharp", "bg=transparent")]
    [InlineData("remove the background while keeping the shadows", "shadow=keep")]
    public void Common_typos_are_understood(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("REMOVE THE BACKGROUND AND MAKE IT WHITE!!!", "bg=#ffffff")]
    [InlineData("Remove The Background, Export As PNG.", "bg=transparent; fmt=png")]
    [InlineData("   remove background   ", "bg=transparent")]
    [InlineData("Hi there! Could you please, if it's not too much trouble, remove the background from this photo? Thank you so much!", "bg=transparent")]
    [InlineData("Would you kindly put this on a black background? Thanks!", "bg=#000000")]
    [InlineData("Hello :) can you make the background white please?", "bg=#ffffff")]
    [InlineData("I would really appreciate it if you could remove the background and add a soft drop shadow. Many thanks in advance.", "shadow=drop")]
    [InlineData("please please please transparent background", "bg=transparent")]
    [InlineData("Could you remove the bg?", "bg=transparent")]
    [InlineData("bg → white, pls", "bg=#ffffff")]
    [InlineData("Remove background; webp; 800x800.", "fmt=webp; w=800; h=800")]
    [InlineData("hey, quick one: cut this out", "bg=transparent; mode=eco")]
    public void Casing_punctuation_and_politeness_do_not_matter(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("remove the background, quick preview", "mode=eco")]
    [InlineData("remove the background in the best quality possible", "mode=max")]
    [InlineData("remove the background", "mode=max")]
    [InlineData("fast cutout please", "mode=eco")]
    public void Speed_and_quality_words_choose_the_mode(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=execute; " + expected);

    [Theory]
    [InlineData("What formats do you support?", "answer=WebP")]
    [InlineData("Which presets are available?", "answer=Amazon")]
    [InlineData("How big can my images be?", "answer=20 MB")]
    [InlineData("What's the difference between eco and max mode?", "answer=eco")]
    [InlineData("what can you do", "answer=remove backgrounds")]
    [InlineData("Is there a limit on file size?", "answer=20 MB")]
    [InlineData("What scenes do you have?", "answer=beach-sunset")]
    [InlineData("How does undo work?", "answer=session_id")]
    [InlineData("Can you do gradients?", "answer=gradient")]
    [InlineData("Do you support WebP output?", "answer=WebP")]
    [InlineData("help", "answer=Attach an image")]
    [InlineData("thanks, that's perfect!", "answer=welcome")]
    [InlineData("How do I get a transparent PNG?", "answer=PNG")]
    public void Questions_about_the_service_get_an_answer_and_process_nothing(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message), "kind=answer; images=; " + expected);

    [Theory]
    [InlineData("edit this image", "question=What would you like; option=transparent")]
    [InlineData("Can you fix this photo?", "question=What would you like")]
    [InlineData("make it better", "question=What would you like; option=white")]
    [InlineData("here is my photo", "question=What would you like")]
    [InlineData("improve the lighting", "question=What would you like")]
    [InlineData("Change the background", "question=Which background; option=Transparent")]
    [InlineData("Replace the background please", "question=Which background; option=scene")]
    [InlineData("I need a new background for this", "question=Which background")]
    [InlineData("what can you do with this image?", "question=What would you like")]
    [InlineData("Place the model in a luxury hotel lobby", "question=don't have a scene; option=beach-sunset")]
    [InlineData("put him in snowy mountains", "question=don't have a scene")]
    [InlineData("place the dog in a forest", "question=don't have a scene")]
    [InlineData("put us in a coffee shop", "question=don't have a scene")]
    [InlineData("Put the dog on a grass field", "question=don't have a scene; option=studio")]
    [InlineData("put him in a fancy restaurant", "question=don't have a scene; option=office")]
    [InlineData("Just make it pop", "question=What would you like")]
    public void Ambiguous_requests_ask_a_question_with_options(string message, string expected) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), $"kind=clarify; images={Photo}; " + expected);

    [Theory]
    [InlineData("Remove the watermark")]
    [InlineData("Remove the people in the background")]
    [InlineData("remove the background text")]
    [InlineData("please erase the logo")]
    public void Removing_objects_is_explained_as_out_of_scope(string message) =>
        PlanExpectation.AssertMatches(PlanFor(message, Photo), "kind=answer; answer=can't erase individual objects");

    [Fact]
    public void A_request_without_any_image_asks_for_one()
    {
        var plan = PlanFor("Remove the background and make it white");
        PlanExpectation.AssertMatches(plan, "kind=clarify; question=Which image; images=");
    }

    [Fact]
    public void Edit_this_image_without_an_image_asks_what_to_do()
    {
        PlanExpectation.AssertMatches(PlanFor("edit this image"), "kind=clarify; question=What would you like; option=Blur");
    }

    [Fact]
    public void Every_attached_image_is_planned_in_order()
    {
        var plan = PlanFor("remove the backgrounds, white, same for all", "https://a.test/1.jpg", "https://a.test/2.jpg", "https://a.test/3.jpg");
        PlanExpectation.AssertMatches(plan, "kind=execute; bg=#ffffff; images=https://a.test/1.jpg,https://a.test/2.jpg,https://a.test/3.jpg");
        Assert.Contains("the 3 attached images", plan.Summary);
    }

    [Fact]
    public void The_request_mode_wins_over_words_in_the_message()
    {
        var plan = new ChatPlanner().Plan(new PlanningRequest { Message = "quick cutout", ImageUrls = [Photo], Mode = QualityMode.Max }, []);
        Assert.Equal(QualityMode.Max, plan.Mode);
    }

    [Fact]
    public void Eco_mode_with_fur_adds_a_note_about_max_mode()
    {
        var plan = new ChatPlanner().Plan(new PlanningRequest { Message = "remove the background of my fluffy cat", ImageUrls = [Photo], Mode = QualityMode.Eco }, []);
        PlanExpectation.AssertMatches(plan, "edge=strong; mode=eco; note=mode max");
    }
}
