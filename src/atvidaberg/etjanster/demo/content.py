def create_demo_content(context):
    pass
