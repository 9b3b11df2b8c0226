"""Training pages, one module per area: `catalog` (the catalog, a training's page, registration),
`learning` (courses, lessons, downloads), `quizzes` (taking and building quizzes), `management`
(editing a training and its syllabus, enrolment, participants), `reports` (certificates,
compliance, exports). Views stay thin: reads in `training.selectors`, writes in
`training.services`, rules in `training.permissions`."""
