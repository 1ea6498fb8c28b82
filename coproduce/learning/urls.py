"""Learning pages: the landing page, courses, sessions and completions, the training matrix, induction,
reflection and guidance. See coproduce/learning/views/."""

from django.urls import path

from coproduce.learning import views

app_name = "learning"

urlpatterns = [
    path("learning/", views.home, name="home"),
    path("learning/set-up", views.set_up, name="set_up"),
    # Courses, sessions and completions.
    path("learning/courses/", views.course_list, name="course_list"),
    path("learning/courses/suggested", views.course_add_suggested, name="course_add_suggested"),
    path("learning/courses/new", views.course_create, name="course_create"),
    path("learning/courses/<uuid:course_id>/", views.course_detail, name="course_detail"),
    path("learning/courses/<uuid:course_id>/edit", views.course_edit, name="course_edit"),
    path("learning/courses/<uuid:course_id>/retire", views.course_retire, name="course_retire"),
    path("learning/courses/<uuid:course_id>/sessions/new", views.session_create, name="session_create"),
    path("learning/courses/<uuid:course_id>/completions/new", views.completion_create, name="completion_create"),
    path("learning/sessions/<uuid:course_session_id>/", views.session_detail, name="session_detail"),
    path("learning/sessions/<uuid:course_session_id>/edit", views.session_edit, name="session_edit"),
    path("learning/sessions/<uuid:course_session_id>/attendance", views.session_attendance, name="session_attendance"),
    path("learning/completions/<uuid:completion_id>/edit", views.completion_edit, name="completion_edit"),
    path("learning/completions/<uuid:completion_id>/remove", views.completion_delete, name="completion_delete"),
    # The training matrix.
    path("learning/matrix/", views.matrix, name="matrix"),
    path("learning/matrix/export", views.matrix_export, name="matrix_export"),
    # Induction.
    path("learning/induction/", views.induction_mine, name="induction"),
    path("learning/induction/people/", views.induction_people, name="induction_people"),
    path("learning/induction/people/<uuid:person_id>/", views.induction_person, name="induction_person"),
    path("learning/induction/items/", views.induction_item_list, name="induction_item_list"),
    path("learning/induction/items/suggested", views.induction_add_suggested, name="induction_add_suggested"),
    path("learning/induction/items/new", views.induction_item_create, name="induction_item_create"),
    path(
        "learning/induction/items/<uuid:induction_item_id>/edit", views.induction_item_edit, name="induction_item_edit"
    ),
    path(
        "learning/induction/items/<uuid:induction_item_id>/move", views.induction_item_move, name="induction_item_move"
    ),
    path(
        "learning/induction/items/<uuid:induction_item_id>/retire",
        views.induction_item_retire,
        name="induction_item_retire",
    ),
    # Reflection.
    path("learning/reflections/", views.reflection_list, name="reflection_list"),
    path("learning/reflections/new", views.reflection_create, name="reflection_create"),
    path("learning/reflections/shared/", views.reflection_shared, name="reflection_shared"),
    path("learning/reflections/<uuid:reflection_id>/", views.reflection_detail, name="reflection_detail"),
    path("learning/reflections/<uuid:reflection_id>/edit", views.reflection_edit, name="reflection_edit"),
    path("learning/reflections/<uuid:reflection_id>/share", views.reflection_share, name="reflection_share"),
    path("learning/reflections/<uuid:reflection_id>/delete", views.reflection_delete, name="reflection_delete"),
    path("learning/prompts/", views.prompt_list, name="prompt_list"),
    path("learning/prompts/suggested", views.prompt_add_suggested, name="prompt_add_suggested"),
    path("learning/prompts/new", views.prompt_create, name="prompt_create"),
    path("learning/prompts/<uuid:prompt_id>/edit", views.prompt_edit, name="prompt_edit"),
    path("learning/prompts/<uuid:prompt_id>/retire", views.prompt_retire, name="prompt_retire"),
    # Guidance.
    path("learning/guidance/", views.guidance_list, name="guidance_list"),
    path("learning/guidance/suggested", views.guidance_add_suggested, name="guidance_add_suggested"),
    path("learning/guidance/new", views.guidance_create, name="guidance_create"),
    path("learning/guidance/<uuid:guidance_id>/edit", views.guidance_edit, name="guidance_edit"),
    path("learning/guidance/<uuid:guidance_id>/remove", views.guidance_delete, name="guidance_delete"),
]
